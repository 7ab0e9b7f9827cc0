package dev.mcpgateway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Where commands and the command line print: {@code out} for results, help and version,
 * {@code err} for everything else. Tests pass their own writers.
 */
record CliStreams(PrintWriter out, PrintWriter err) {

    /** System.out and System.err (as they are now), in their own encodings, flushed at every line. */
    static CliStreams system() {
        return new CliStreams(writer(System.out), writer(System.err));
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
