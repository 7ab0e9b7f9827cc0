package dev.mcpgateway.backend.stdio;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the file to execute for argv[0] the way a shell would: a name with a {@code '/'} is a
 * path (relative to the child's working directory); a bare name is looked up in the
 * {@code PATH} of the <em>child's</em> environment, where an empty entry means the working
 * directory. Resolving it ourselves gives a clear error before anything is spawned.
 */
final class ProgramResolver {

    /** Used when the child's environment has no PATH (what execvp(3) falls back to, roughly). */
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    /** Why argv[0] could not be resolved; the message is safe to show (it names no env value). */
    static final class NotExecutableException extends Exception {
        NotExecutableException(String message) {
            super(message);
        }
    }

    private ProgramResolver() {}

    static Path resolve(String program, String childPath, Path workingDirectory) throws NotExecutableException {
        if (program.isEmpty()) {
            throw new NotExecutableException("the command is empty");
        }
        if (program.indexOf('/') >= 0) {
            Path path = toPath(program, workingDirectory);
            check(program, path);
            return path;
        }
        String searchPath = childPath == null ? DEFAULT_PATH : childPath;
        Path firstNotExecutable = null;
        for (String entry : searchPath.split(":", -1)) {
            Path dir;
            try {
                dir = entry.isEmpty() ? workingDirectory : workingDirectory.resolve(entry);
            } catch (InvalidPathException e) {
                continue;
            }
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
                if (firstNotExecutable == null) {
                    firstNotExecutable = candidate;
                }
            }
        }
        if (firstNotExecutable != null) {
            throw new NotExecutableException(
                    "\"" + program + "\" was found at " + firstNotExecutable + " but it is not executable");
        }
        return failNotFound(program, childPath);
    }

    private static Path failNotFound(String program, String childPath) throws NotExecutableException {
        // The PATH value itself is not shown: configured env values are never logged.
        String where = childPath == null
                ? "the default PATH (" + DEFAULT_PATH + "; the backend's environment has no PATH)"
                : "the PATH of the backend's environment";
        throw new NotExecutableException("\"" + program + "\" was not found in " + where
                + "; install it, give an absolute path, or set PATH in the backend's env");
    }

    private static Path toPath(String program, Path workingDirectory) throws NotExecutableException {
        try {
            return workingDirectory.resolve(program).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new NotExecutableException("\"" + program + "\" is not a valid path");
        }
    }

    private static void check(String program, Path path) throws NotExecutableException {
        if (!Files.exists(path)) {
            throw new NotExecutableException("\"" + program + "\" does not exist (" + path + ")");
        }
        if (Files.isDirectory(path)) {
            throw new NotExecutableException("\"" + program + "\" is a directory (" + path + ")");
        }
        if (!Files.isExecutable(path)) {
            throw new NotExecutableException("\"" + program + "\" is not executable (" + path + ")");
        }
    }

    /** setsid(1), if this system has it where we expect it (not looked up in any PATH). */
    static Optional<Path> setsid() {
        for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
