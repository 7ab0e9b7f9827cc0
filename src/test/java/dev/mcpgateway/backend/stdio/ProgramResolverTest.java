package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramResolverTest {

    @TempDir
    Path dir;

    @Test
    void findsABareNameInTheChildsPathInOrder() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path tool = executable(second.resolve("tool"));
        executable(dir.resolve("elsewhere-tool"));
        assertThat(ProgramResolver.resolve("tool", first + ":" + second, dir)).isEqualTo(tool);
    }

    @Test
    void skipsANonExecutableMatchButNamesItWhenNothingElseMatches() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("tool"), "#!/bin/sh\n");
        Path good = executable(b.resolve("tool"));
        assertThat(ProgramResolver.resolve("tool", a + ":" + b, dir)).isEqualTo(good);
        assertThatThrownBy(() -> ProgramResolver.resolve("tool", a.toString(), dir))
                .hasMessageContaining("not executable").hasMessageContaining(a.resolve("tool").toString());
    }

    @Test
    void treatsAnEmptyPathEntryAsTheWorkingDirectory() throws Exception {
        Path tool = executable(dir.resolve("tool"));
        assertThat(ProgramResolver.resolve("tool", "/nonexistent::/also-not", dir)).isEqualTo(tool);
    }

    @Test
    void resolvesANameWithASlashAgainstTheWorkingDirectory() throws Exception {
        Path tool = executable(Files.createDirectories(dir.resolve("bin")).resolve("tool"));
        assertThat(ProgramResolver.resolve("./bin/tool", "/usr/bin", dir)).isEqualTo(tool);
        assertThatThrownBy(() -> ProgramResolver.resolve("./bin", "/usr/bin", dir)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> ProgramResolver.resolve("./nope", "/usr/bin", dir)).hasMessageContaining("does not exist");
    }

    @Test
    void saysClearlyWhenTheProgramIsNotFoundWithoutShowingThePath() {
        assertThatThrownBy(() -> ProgramResolver.resolve("no-such-mcp-server", "/secret-dir-name", dir))
                .isInstanceOf(ProgramResolver.NotExecutableException.class)
                .hasMessageContaining("\"no-such-mcp-server\" was not found in the PATH of the backend's environment")
                .hasMessageNotContaining("secret-dir-name");
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
