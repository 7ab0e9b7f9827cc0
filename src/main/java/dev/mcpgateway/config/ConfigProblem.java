package dev.mcpgateway.config;

/**
 * One thing wrong with (or, for warnings, worth knowing about) a config file, pointing at the
 * place to fix: {@code gateway.yaml:7:5: backends.github.comand: unknown key; did you mean "command"?}.
 *
 * <p>Messages never contain the value of an expanded {@code ${VAR}}; they quote the text as written.
 *
 * @param source the file as the user named it
 * @param line 1-based line, or 0 when the problem has no position (e.g. the file cannot be read)
 * @param column 1-based column, or 0
 * @param keyPath dotted path of the key ({@code backends.github.command}, {@code meta_mcp.surfaced_tools[2]}),
 *     or empty for the file as a whole
 */
public record ConfigProblem(String source, int line, int column, String keyPath, String message) {

    public ConfigProblem {
        Require.notNull("source", source);
        Require.notNull("keyPath", keyPath);
        Require.notNull("message", message);
    }

    /** {@code source:line:column}, or just {@code source} when there is no position. */
    public String location() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }

    @Override
    public String toString() {
        return keyPath.isEmpty()
                ? location() + ": " + message
                : location() + ": " + keyPath + ": " + message;
    }
}
