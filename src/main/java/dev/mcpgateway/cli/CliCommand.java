package dev.mcpgateway.cli;

/**
 * A command of {@code mcp-gateway} ({@code serve}, {@code validate}, ...): the command line it
 * takes, and what it does with a parsed one. Implementations declare their options as constants
 * and build their {@link CommandSpec} from them.
 */
interface CliCommand {

    CommandSpec spec();

    /**
     * Runs the command.
     *
     * @return the exit code
     * @throws UsageException for a mistake in the arguments that only the command can see (exit 2)
     * @throws Exception for anything else that stops it (exit 1, the message on stderr)
     */
    int run(ParsedArgs args, CliStreams io) throws Exception;
}
