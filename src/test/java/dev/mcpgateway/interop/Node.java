package dev.mcpgateway.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Node.js and the pinned interop peers ({@code src/test/interop/node_modules}) for the
 * integration tests.
 *
 * <p>System properties: {@code interop.dir} (default {@code src/test/interop}) and
 * {@code interop.required} (the build sets it to true for failsafe: then missing peers fail the
 * tests instead of skipping them).
 */
public final class Node {

    public static final int MIN_MAJOR_VERSION = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

    private static volatile Path executable;
    private static volatile String version;

    private Node() {}

    /** The interop directory (package.json, install.sh, drivers, node_modules), absolute. */
    public static Path interopDir() {
        return Path.of(System.getProperty("interop.dir", "src/test/interop")).toAbsolutePath().normalize();
    }

    public static Path nodeModules() {
        return interopDir().resolve("node_modules");
    }

    /** The installed folder of an npm package, e.g. {@code @modelcontextprotocol/server-everything}. */
    public static Path packageDir(String packageName) {
        return nodeModules().resolve(packageName);
    }

    public static boolean interopRequired() {
        return Boolean.getBoolean("interop.required");
    }

    /**
     * Skips the calling test (JUnit assumption) when the peers are not installed and the build did
     * not require them; fails with a clear message when they are required but missing, or when
     * Node.js is missing or older than 20. Call first thing in {@code @BeforeAll}/{@code @BeforeEach}.
     */
    public static void assumeInteropAvailable() {
        assumeInteropAvailable(interopDir(), interopRequired());
    }

    static void assumeInteropAvailable(Path interopDir, boolean required) {
        Path modules = interopDir.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@modelcontextprotocol/sdk"))) {
            String message = "interop peers are not installed in " + modules
                    + " (run: bash src/test/interop/install.sh; needs Node.js >= " + MIN_MAJOR_VERSION + ")";
            if (required) {
                throw new AssertionError(message + "; interop.required=true, so this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
        int major = majorVersion();
        if (major < MIN_MAJOR_VERSION) {
            throw new AssertionError("Node.js >= " + MIN_MAJOR_VERSION + " is required for the interop tests, found "
                    + version() + " at " + executable());
        }
    }

    /** The {@code node} executable found on PATH (absolute). */
    public static Path executable() {
        Path found = executable;
        if (found == null) {
            String path = System.getenv().getOrDefault("PATH", "");
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "node");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    found = candidate.toAbsolutePath();
                    break;
                }
            }
            if (found == null) {
                throw new AssertionError("Node.js (node) was not found on PATH=" + path
                        + "; the interop tests need Node.js >= " + MIN_MAJOR_VERSION);
            }
            executable = found;
        }
        return found;
    }

    /** {@code node --version}, e.g. {@code v20.20.2}. */
    public static String version() {
        String v = version;
        if (v == null) {
            v = run(List.of(executable().toString(), "--version")).strip();
            version = v;
        }
        return v;
    }

    public static int majorVersion() {
        Matcher m = VERSION.matcher(version());
        if (!m.find()) {
            throw new AssertionError("cannot read the Node.js version from '" + version() + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 30 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
