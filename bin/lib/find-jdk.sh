# Sourced by bin/mcp-gateway and bin/test: sets JAVA_HOME to a JDK 25 or newer, or explains.
# Order: $JAVA_HOME, the `java` on PATH, then JDKs installed under /usr/lib/jvm and ~/.sdkman.

java_major() {  # prints the feature version of the java binary $1 (e.g. 25), or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

jdk_ok() {  # true if $1 is a JDK home holding java >= 25
  [ -x "$1/bin/java" ] || return 1
  local v; v=$(java_major "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 25 ]
}

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  local candidate
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/*; do
    if jdk_ok "$candidate"; then export JAVA_HOME="$candidate"; return 0; fi
  done
  echo "mcp-gateway needs a JDK 25 or newer: none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
