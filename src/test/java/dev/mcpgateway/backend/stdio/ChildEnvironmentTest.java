package dev.mcpgateway.backend.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void takesOnlyPathHomeAndTmpdirFromTheGatewayAndConfiguredValuesWin() {
        Map<String, String> gateway = Map.of("PATH", "/usr/bin", "HOME", "/home/gw", "GITHUB_TOKEN", "ghp_secret",
                "AWS_SECRET_ACCESS_KEY", "x", "LANG", "C.UTF-8");
        Map<String, String> env = ChildEnvironment.of(gateway, Map.of("HOME", "/srv/app", "API_URL", "http://x"));
        assertThat(env).containsExactlyInAnyOrderEntriesOf(
                Map.of("PATH", "/usr/bin", "HOME", "/srv/app", "API_URL", "http://x"));
    }
}
