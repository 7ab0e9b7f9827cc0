package dev.mcpgateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the config file: the {@code --config} path if given (it must exist), else the first of
 * {@code ./gateway.yaml}, {@code ~/.config/mcp-gateway/gateway.yaml},
 * {@code /etc/mcp-gateway/gateway.yaml}; else none, and the caller uses the built-in default.
 */
public final class ConfigLocator {

    private final List<Path> candidates;

    /** A locator searching under the given roots (injectable for tests). */
    public ConfigLocator(Path workingDir, Path homeDir, Path etcDir) {
        this.candidates = List.of(
                workingDir.resolve("gateway.yaml"),
                homeDir.resolve(".config").resolve("mcp-gateway").resolve("gateway.yaml"),
                etcDir.resolve("mcp-gateway").resolve("gateway.yaml"));
    }

    /** The locator for this process: the working directory, {@code user.home} and {@code /etc}. */
    public static ConfigLocator system() {
        return new ConfigLocator(Path.of(""), Path.of(System.getProperty("user.home")), Path.of("/etc"));
    }

    /** {@link #find} with the system search roots. */
    public static Optional<Path> locate(Path explicit) throws ConfigException {
        return system().find(explicit);
    }

    /**
     * The config file to load.
     *
     * @param explicit the {@code --config} path, or null
     * @throws ConfigException if {@code explicit} is given but is not a readable file
     */
    public Optional<Path> find(Path explicit) throws ConfigException {
        if (explicit != null) {
            if (Files.isDirectory(explicit)) {
                throw new ConfigException(new ConfigProblem(explicit.toString(), 0, 0, "", "is a directory, not a config file"));
            }
            if (!Files.isRegularFile(explicit)) {
                throw new ConfigException(new ConfigProblem(explicit.toString(), 0, 0, "", "config file not found"));
            }
            return Optional.of(explicit);
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The places searched when no path is given, in order. */
    public List<Path> searchPath() {
        return candidates;
    }
}
