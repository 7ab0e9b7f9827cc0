package dev.mcpgateway.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads YAML text the way tests need it: a fixed environment, collected warnings, problems as strings. */
final class Configs {

    static final Map<String, String> ENV = Map.of(
            "TOKEN", "tok-SECRET-123",
            "PORT", "8123",
            "EMPTY", "",
            "HOME_DIR", "/tmp");

    final Map<String, String> env;
    final Path baseDir;
    final List<ConfigProblem> warnings = new ArrayList<>();

    Configs() {
        this(ENV, Path.of("").toAbsolutePath());
    }

    Configs(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    GatewayConfig load(String yaml) throws ConfigException {
        return ConfigLoader.load(yaml, "gateway.yaml", env, baseDir, warnings::add);
    }

    /** The problems of an invalid config, as the user sees them. */
    List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        if (e == null) {
            throw new AssertionError("expected the config to be refused:\n" + yaml);
        }
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    List<String> warningLines() {
        return warnings.stream().map(w -> w.location() + ": " + w.message()).toList();
    }

    static void assertRefused(String yaml) {
        assertThatThrownBy(() -> new Configs().load(yaml)).isInstanceOf(ConfigException.class);
    }
}
