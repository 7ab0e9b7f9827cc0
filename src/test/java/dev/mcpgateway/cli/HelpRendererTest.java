package dev.mcpgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelpRendererTest {

    private static final GatewayCommand GATEWAY = new GatewayCommand(CliRun.standardCommands(), false);

    @Test
    void aCommandsHelpHasUsageDescriptionAndAnAlignedOptionTable() {
        assertThat(HelpRenderer.commandHelp(InitCommand.SPEC)).containsExactly(
                "Usage: mcp-gateway init [-o FILE] [--force]",
                "Write a commented starter gateway.yaml (to stdout, or to FILE with -o).",
                "It documents every key with its default and runs the built-in demo server as its",
                "first backend.",
                "",
                "Options:",
                "  -o, --output FILE  Write to FILE instead of stdout.",
                "      --force        Overwrite FILE if it exists.",
                "  -h, --help         Show this help message and exit.",
                "  -V, --version      Print version information and exit.");
    }

    @Test
    void theUsageLineWrapsUnderItsFirstItem() {
        assertThat(HelpRenderer.commandHelp(ServeCommand.SPEC).subList(0, 3)).containsExactly(
                "Usage: mcp-gateway serve [-c FILE] [-p PORT] [--host HOST] [--stdio]",
                "                         [--log-level LEVEL] [--log-format FORMAT]",
                "                         [--access-log]");
    }

    @Test
    void descriptionsWrapUnderTheirColumnAndShowDefaults() {
        List<String> help = HelpRenderer.commandHelp(ServeCommand.SPEC);

        assertThat(help).containsSubsequence(
                "      --log-format FORMAT  text or json (one JSON object per line). Logs always",
                "                           go to stderr. (default: text)");
    }

    @Test
    void aLongOptionPutsItsDescriptionOnTheNextLine() {
        List<String> help = HelpRenderer.commandHelp(DemoServerCommand.SPEC);

        assertThat(help).containsSubsequence(
                "      --latency DURATION  Delay every tools/call, e.g. 50ms or 1s.",
                "      --latency-jitter DURATION",
                "                          Add a random 0..DURATION to the latency.");
        assertThat(help.getFirst()).isEqualTo("Usage: mcp-gateway demo-server (--stdio | --http PORT) [--host HOST]");
        assertThat(help).contains("      --host HOST         Address to bind with --http. (default: 127.0.0.1)");
    }

    @Test
    void optionalGroupsAndArgumentsAreBracketed() {
        assertThat(HelpRenderer.commandHelp(CommandLineParserTest.TRY).subList(0, 2)).containsExactly(
                "Usage: mcp-gateway try [-f FILE] [--port PORT] [--color COLOR] [-n NAME] [-v]",
                "                       [--alpha | --beta MODE] [INPUT]");
        assertThat(HelpRenderer.commandHelp(ValidateCommand.SPEC)).containsSubsequence(
                "Usage: mcp-gateway validate [FILE]", "", "Arguments:", "  [FILE]  The config to check. Default: ./gateway.yaml,");
        assertThat(HelpRenderer.commandHelp(VersionCommand.SPEC).getFirst()).isEqualTo("Usage: mcp-gateway version");
    }

    @Test
    void theProgramHelpListsEveryCommandWithItsSummary() {
        List<String> help = GATEWAY.programHelp();

        assertThat(help.getFirst()).isEqualTo("Usage: mcp-gateway COMMAND [OPTIONS]");
        assertThat(help).containsSubsequence(
                "Commands:",
                "  serve        Run the gateway. Without a config file it serves the built-in",
                "               demo backend.",
                "  validate     Check a gateway.yaml without starting the gateway.");
        for (String name : List.of("serve", "validate", "init", "version", "demo-server", "help")) {
            assertThat(help).anyMatch(line -> line.startsWith("  " + name + " "));
        }
        assertThat(help).contains("  -h, --help     Show this help message and exit.", "  -V, --version  Print version information and exit.");
    }

    @Test
    void noLineIsWiderThan80Columns() {
        List<String> all = new ArrayList<>(GATEWAY.programHelp());
        for (CliCommand command : CliRun.standardCommands()) {
            all.addAll(HelpRenderer.commandHelp(command.spec()));
        }
        all.addAll(HelpRenderer.commandHelp(HelpCommand.SPEC));

        assertThat(all).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(HelpRenderer.WIDTH));
        assertThat(all).allSatisfy(line -> assertThat(line).as("no trailing blanks").isEqualTo(line.stripTrailing()));
    }

    @Test
    void wrappingBreaksAtSpacesOnlyAndKeepsAnOverlongWordWhole() {
        String longWord = "x".repeat(90);

        assertThat(HelpRenderer.fill(HelpRenderer.words("a  b " + longWord + " c"), "> ", "  "))
                .containsExactly("> a b", "  " + longWord, "  c");
        assertThat(HelpRenderer.words("  one two  ")).containsExactly("one", "two");
        assertThat(HelpRenderer.fill(List.of(), "", "")).containsExactly("");
    }
}
