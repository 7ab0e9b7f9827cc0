package dev.mcpgateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human-readable durations as written in {@code gateway.yaml}: {@code 100ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d} and combinations from the largest unit down ({@code 1m30s},
 * {@code 1h30m}).
 *
 * <p>A bare number is refused: {@code timeout: 30} reads as seconds to one person and
 * milliseconds to another, so the user is asked to add the unit.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final String[] UNITS_LARGEST_FIRST = {"d", "h", "m", "s", "ms"};

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message meant for the user (it quotes the text)
     */
    public static Duration parse(String text) {
        return parse(text, '"' + text + '"');
    }

    /**
     * Parses {@code text}, naming it as {@code shown} in any error. The config loader passes the
     * text as written (with {@code ${VAR}} unexpanded) so that no expanded value reaches a message.
     */
    static Duration parse(String text, String shown) {
        String s = text.strip();
        if (BARE_NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a duration with a unit, got " + shown
                    + "; write for example \"" + s + "s\" for seconds or \"" + s + "ms\" for milliseconds");
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int position = 0;
        int lastUnit = -1;
        boolean any = false;
        try {
            while (position < s.length()) {
                if (!m.find(position) || m.start() != position) {
                    throw invalid(shown);
                }
                int unit = unitRank(m.group(2));
                if (unit <= lastUnit) {
                    throw new IllegalArgumentException("expected a duration like 1h30m (units from the largest down, each once), got " + shown);
                }
                lastUnit = unit;
                total = total.plus(amount(Long.parseLong(m.group(1)), m.group(2)));
                position = m.end();
                any = true;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration " + shown + " is too large");
        }
        if (!any) {
            throw invalid(shown);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String shown) {
        return new IllegalArgumentException("expected a duration like 100ms, 30s, 5m, 2h or 1m30s, got " + shown);
    }

    private static int unitRank(String unit) {
        for (int i = 0; i < UNITS_LARGEST_FIRST.length; i++) {
            if (UNITS_LARGEST_FIRST[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }

    private static Duration amount(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Formats a duration the way {@link #parse} reads it: {@code 1m30s}, {@code 100ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        append(out, days, "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        long nanos = d.toNanosPart() % 1_000_000;
        if (nanos != 0) {
            // Sub-millisecond precision cannot be written in a config; show it honestly anyway.
            out.append(nanos).append("ns");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
