package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {

    @TempDir
    Path root;

    private Path work;
    private Path home;
    private Path etc;
    private ConfigLocator locator;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createDirectories(root.resolve("work"));
        home = Files.createDirectories(root.resolve("home"));
        etc = Files.createDirectories(root.resolve("etc"));
        locator = new ConfigLocator(work, home, etc);
    }

    private Path create(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "backends: {}\n");
    }

    @Test
    void findsNothingWhenNoFileExists() throws ConfigException {
        assertThat(locator.find(null)).isEmpty();
    }

    @Test
    void searchesTheWorkingDirectoryThenHomeThenEtc() throws Exception {
        Path inEtc = create(etc.resolve("mcp-gateway/gateway.yaml"));
        assertThat(locator.find(null)).contains(inEtc);
        Path inHome = create(home.resolve(".config/mcp-gateway/gateway.yaml"));
        assertThat(locator.find(null)).contains(inHome);
        Path inWork = create(work.resolve("gateway.yaml"));
        assertThat(locator.find(null)).contains(inWork);
        assertThat(locator.searchPath()).containsExactly(inWork, inHome, inEtc);
    }

    @Test
    void anExplicitPathWinsOverTheSearch() throws Exception {
        create(work.resolve("gateway.yaml"));
        Path explicit = create(root.resolve("elsewhere/custom.yaml"));
        assertThat(locator.find(explicit)).contains(explicit);
    }

    @Test
    void aMissingExplicitPathIsAnErrorEvenIfAnotherFileExists() throws Exception {
        create(work.resolve("gateway.yaml"));
        Path missing = root.resolve("missing.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> locator.find(missing));
        assertThat(e.getMessage()).isEqualTo(missing + ": config file not found");
    }

    @Test
    void anExplicitDirectoryIsAnError() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> locator.find(work));
        assertThat(e.getMessage()).isEqualTo(work + ": is a directory, not a config file");
    }

    @Test
    void aDirectoryNamedGatewayYamlIsSkipped() throws Exception {
        Files.createDirectories(work.resolve("gateway.yaml"));
        Path inEtc = create(etc.resolve("mcp-gateway/gateway.yaml"));
        assertThat(locator.find(null)).contains(inEtc);
    }

    @Test
    void theSystemLocatorLooksInTheDocumentedPlaces() {
        assertThat(ConfigLocator.system().searchPath()).containsExactly(
                Path.of("gateway.yaml"),
                Path.of(System.getProperty("user.home"), ".config", "mcp-gateway", "gateway.yaml"),
                Path.of("/etc/mcp-gateway/gateway.yaml"));
    }
}
