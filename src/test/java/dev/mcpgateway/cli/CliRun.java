package dev.mcpgateway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs a command line in-process with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    /** {@code mcp-gateway args...} with the standard commands, stack traces off. */
    static CliRun run(String... args) {
        return run(new GatewayCommand(standardCommands(), false), args);
    }

    static CliRun run(GatewayCommand gateway, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = gateway.execute(new CliStreams(new PrintWriter(out, true), new PrintWriter(err, true)), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static List<CliCommand> standardCommands() {
        return List.of(new ServeCommand(), new ValidateCommand(), new InitCommand(), new VersionCommand(), new DemoServerCommand());
    }

    /** The lines of stderr. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
