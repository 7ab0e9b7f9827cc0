package dev.mcpgateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Suggests the names a mistyped name was probably meant to be. */
public final class DidYouMean {

    private DidYouMean() {}

    /**
     * Up to {@code max} candidates close to {@code input}: small edit distance (ignoring case),
     * or one contains the other, or the candidate equals the input once a {@code prefix__} is added.
     */
    public static List<String> suggest(String input, Collection<String> candidates, int max) {
        String needle = input.toLowerCase(Locale.ROOT);
        record Scored(String name, int score) {}
        List<Scored> scored = new ArrayList<>();
        for (String candidate : candidates) {
            String hay = candidate.toLowerCase(Locale.ROOT);
            int sep = hay.lastIndexOf(ExposedNames.SEPARATOR);
            String bare = sep >= 0 ? hay.substring(sep + ExposedNames.SEPARATOR.length()) : hay;
            int distance = Math.min(distance(needle, hay), distance(needle, bare));
            int allowed = Math.max(2, needle.length() / 3);
            if (distance <= allowed) {
                scored.add(new Scored(candidate, distance));
            } else if (needle.length() >= 3 && (hay.contains(needle) || needle.contains(bare))) {
                scored.add(new Scored(candidate, allowed + 1));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        return scored.stream().limit(max).map(Scored::name).toList();
    }

    /** The text " Did you mean: a, b?" or "" when there is nothing close. */
    public static String hint(String input, Collection<String> candidates) {
        List<String> close = suggest(input, candidates, 3);
        return close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?";
    }

    /** Damerau-Levenshtein distance (optimal string alignment). */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > 16) {
            return Math.abs(n - m);
        }
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }
}
