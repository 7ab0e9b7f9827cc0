package dev.mcpgateway.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/** How to start the built-in demo server as a stdio child: this JVM, this jar, {@code demo-server --stdio}. */
public final class DemoServerLauncher {

    /** The demo is tiny: a small heap and the quick JIT tier start it fast and keep it light. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+UseCompactObjectHeaders", "-Xss512k", "-Xmx64m", "-Xshare:auto");

    private DemoServerLauncher() {}

    /** The argv of the demo server child. */
    public static List<String> command() {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(JVM_OPTIONS);
        Path jar = ownJar();
        if (jar != null) {
            argv.addAll(List.of("-jar", jar.toString()));
        } else {
            argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mcpgateway.Main"));
        }
        argv.addAll(List.of("demo-server", "--stdio"));
        return List.copyOf(argv);
    }

    private static Path ownJar() {
        CodeSource source = DemoServerLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return location.toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
