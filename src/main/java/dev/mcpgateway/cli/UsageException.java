package dev.mcpgateway.cli;

/**
 * The command was called wrongly: an unknown option, a missing or bad value, a broken rule.
 * {@link GatewayCommand} prints it as {@code mcp-gateway <command>: <message>} with a pointer to
 * {@code --help} and exits 2. The message is all the user needs, so no stack trace is recorded.
 */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
