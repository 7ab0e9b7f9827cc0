package dev.mcpgateway.backend.stdio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link ProcessHandle} does not tell: a process's state (a zombie is dead but still listed)
 * and its session, read from {@code /proc/<pid>/stat}. Every method degrades to "unknown" on
 * systems without {@code /proc}.
 */
final class LinuxProcesses {

    private static final Path PROC = Path.of("/proc");
    private static final boolean AVAILABLE =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    && Files.isReadable(PROC.resolve("self/stat"));

    /** The fields of {@code /proc/<pid>/stat} we use. */
    record Stat(long pid, char state, long parent, long processGroup, long session) {
        boolean isZombie() {
            // Z: zombie, X: dead (being reaped). Either way the process has ended.
            return state == 'Z' || state == 'X';
        }
    }

    private LinuxProcesses() {}

    static boolean available() {
        return AVAILABLE;
    }

    /** The process's stat, or empty if it does not exist (or /proc is not available). */
    static Optional<Stat> stat(long pid) {
        if (!AVAILABLE) {
            return Optional.empty();
        }
        try {
            return parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Processes (not zombies) whose session id is {@code session}. */
    static List<Long> sessionMembers(long session) {
        List<Long> members = new ArrayList<>();
        if (!AVAILABLE) {
            return members;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, LinuxProcesses::isPidDirectory)) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                stat(pid).filter(s -> s.session() == session && !s.isZombie()).ifPresent(s -> members.add(s.pid()));
            }
        } catch (IOException | RuntimeException e) {
            // A partial answer is the best we can do; callers also use descendants().
        }
        return members;
    }

    private static boolean isPidDirectory(Path path) {
        String name = path.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses "pid (comm) state ppid pgrp session …"; comm may itself contain spaces and ')'. */
    static Optional<Stat> parse(long pid, String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 2).split(" ", 5);
        if (fields.length < 4 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stat(pid, fields[0].charAt(0),
                Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])));
    }
}
