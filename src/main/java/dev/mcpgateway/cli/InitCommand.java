package dev.mcpgateway.cli;

import dev.mcpgateway.config.StarterConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.List;

/**
 * {@code mcp-gateway init [-o FILE] [--force]}: writes a commented starter {@code gateway.yaml}
 * that documents every key with its default and runs the built-in demo server.
 */
final class InitCommand implements CliCommand {

    static final OptionSpec<Path> OUTPUT = OptionSpec.value(List.of("-o", "--output"), "FILE", ValueType.PATH,
            "Write to FILE instead of stdout.");
    static final OptionSpec<Boolean> FORCE = OptionSpec.flag(List.of("--force"), "Overwrite FILE if it exists.");

    static final CommandSpec SPEC = new CommandSpec("init",
            List.of("Write a commented starter gateway.yaml (to stdout, or to FILE with -o).",
                    "It documents every key with its default and runs the built-in demo server as its first backend."),
            List.of(OUTPUT, FORCE), List.of(), List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliStreams io) {
        Path output = args.value(OUTPUT);
        boolean force = args.flag(FORCE);
        String text = StarterConfig.render(DemoServerLauncher.command());
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        if (output == null) {
            out.print(text);
            out.flush();
            return 0;
        }
        if (Files.exists(output) && !force) {
            err.println("mcp-gateway init: " + output + " already exists; use --force to overwrite it");
            err.flush();
            return 1;
        }
        try {
            write(output, text, force);
        } catch (FileAlreadyExistsException e) {
            err.println("mcp-gateway init: " + output + " already exists; use --force to overwrite it");
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("mcp-gateway init: cannot write " + output + ": " + e);
            err.flush();
            return 1;
        }
        out.println("Wrote " + output + "; check it with: mcp-gateway validate " + output);
        out.flush();
        return 0;
    }

    /** Writes through a temporary file in the same directory, so a reader never sees half a config. */
    private static void write(Path target, String text, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".gateway-", ".yaml.tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (replace) {
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.move(tmp, target); // fails if the file appeared meanwhile
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

}
