package dev.mcpgateway.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as written in {@code gateway.yaml}: a plain integer is bytes (what the Rust
 * mcp-gateway writes); otherwise a number with a unit, {@code 512KiB}, {@code 4MiB}, {@code 1MB}.
 * Units are case-insensitive; {@code KB/MB/GB} are powers of 1000, {@code KiB/MiB/GiB} and the
 * one-letter {@code K/M/G} (as in {@code -Xmx4m}) are powers of 1024.
 */
public final class DataSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("kb", 1_000L),
            Map.entry("mb", 1_000_000L),
            Map.entry("gb", 1_000_000_000L),
            Map.entry("k", 1L << 10),
            Map.entry("kib", 1L << 10),
            Map.entry("m", 1L << 20),
            Map.entry("mib", 1L << 20),
            Map.entry("g", 1L << 30),
            Map.entry("gib", 1L << 30));

    private DataSizes() {}

    /**
     * Parses a size in bytes.
     *
     * @throws IllegalArgumentException with a message meant for the user
     */
    public static long parse(String text) {
        return parse(text, '"' + text + '"');
    }

    /** Parses {@code text}, naming it as {@code shown} in any error (see {@link Durations#parse(String, String)}). */
    static long parse(String text, String shown) {
        Matcher m = SIZE.matcher(text.strip());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("expected a size such as 4MiB, 512KiB, 1MB or a number of bytes, got " + shown);
        }
        if (m.group(2).isEmpty() && m.group(1).contains(".")) {
            throw new IllegalArgumentException("expected a whole number of bytes or a size with a unit such as 1.5MiB, got " + shown);
        }
        try {
            return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size " + shown + " is too large");
        }
    }

    /** Formats a byte count in the largest binary unit that divides it: {@code 4MiB}, {@code 1536B}. */
    public static String format(long bytes) {
        String[] names = {"GiB", "MiB", "KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < names.length; i++) {
            if (bytes != 0 && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + names[i];
            }
        }
        return bytes + "B";
    }
}
