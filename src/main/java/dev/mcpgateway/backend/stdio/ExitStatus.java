package dev.mcpgateway.backend.stdio;

/** Describes how a child process ended, from the exit value Java reports. */
final class ExitStatus {

    private ExitStatus() {}

    /**
     * "exited with code 3", or "killed by signal 9 (SIGKILL)": on Unix, Java reports a child
     * killed by signal N as exit value 128 + N (the shell convention).
     */
    static String describe(int exitValue) {
        if (exitValue > 128 && exitValue <= 128 + 64) {
            int signal = exitValue - 128;
            String name = signalName(signal);
            return "killed by signal " + signal + (name == null ? "" : " (" + name + ")");
        }
        return "exited with code " + exitValue;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 10 -> "SIGUSR1";
            case 11 -> "SIGSEGV";
            case 12 -> "SIGUSR2";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            default -> null;
        };
    }
}
