package dev.mcpgateway.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid key a misspelt one was probably meant to be. */
final class KeySpelling {

    private KeySpelling() {}

    /**
     * The candidate closest to {@code typo}, if close enough to be a likely misspelling: the same
     * once case, '_' and '-' are ignored ({@code maxBodySize}), or at most 2 edits away and fewer
     * than half the typo's length ({@code comand}, {@code tiemout}).
     */
    static Optional<String> suggest(String typo, Collection<String> candidates) {
        String normalizedTypo = normalize(typo);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (normalize(candidate).equals(normalizedTypo)) {
                return Optional.of(candidate);
            }
            int d = distance(typo.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.min(2, (typo.length() - 1) / 2);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of two neighbours is one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
