package dev.mcpgateway.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * "Did you mean ...?" for a mistyped option or command: the known names nearest to what was
 * typed, by edit distance (insertions, deletions, substitutions and swaps of neighbours each
 * count 1; the optimal string alignment distance), or a name it is the beginning of. Only close
 * names are suggested: a suggestion that is far off is noise.
 */
final class Suggestions {

    private static final int MAX_SUGGESTIONS = 3;

    private Suggestions() {}

    /** {@code "; did you mean --config?"}, or {@code ""} when nothing is close. */
    static String didYouMean(String typed, List<String> candidates) {
        List<String> close = closest(typed, candidates);
        return close.isEmpty() ? "" : "; did you mean " + joinWith(close, "or") + "?";
    }

    /**
     * The candidates nearest to {@code typed}, in their order, leading dashes ignored on both
     * sides ({@code -config} finds {@code --config}). How far off counts as close grows with the
     * length of what was typed: nothing for 1 or 2 letters (every short option would be 1 off),
     * 1 edit up to 5 letters, 2 beyond. A candidate that starts with 3 or more typed letters is 1 off.
     */
    static List<String> closest(String typed, List<String> candidates) {
        String word = withoutDashes(typed);
        int limit = word.length() <= 2 ? 0 : word.length() <= 5 ? 1 : 2;
        int best = Integer.MAX_VALUE;
        List<String> nearest = new ArrayList<>();
        for (String candidate : candidates) {
            String other = withoutDashes(candidate);
            int d = distance(word, other);
            if (d > 1 && word.length() >= 3 && other.startsWith(word)) {
                d = 1;
            }
            if (d > limit || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (!nearest.contains(candidate) && nearest.size() < MAX_SUGGESTIONS) {
                nearest.add(candidate);
            }
        }
        return nearest;
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        int m = b.length();
        int[] beforePrevious = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, beforePrevious[j - 2] + 1);
                }
                current[j] = d;
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[m];
    }

    /** {@code a}, {@code a or b}, {@code a, b or c} (with {@code conjunction} "or"). */
    static String joinWith(List<String> items, String conjunction) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.getLast();
    }

    private static String withoutDashes(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '-') {
            start++;
        }
        return name.substring(start);
    }
}
