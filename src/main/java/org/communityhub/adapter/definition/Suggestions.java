package org.communityhub.adapter.definition;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The name someone probably meant, for "did you mean …?" in a definition's problems. */
public final class Suggestions {

    private Suggestions() {}

    /** The closest of {@code candidates} to {@code typed}, when it is close enough to be a slip. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String lower = typed.toLowerCase();
        return candidates.stream()
                .filter(c -> distance(lower, c.toLowerCase()) <= Math.max(1, Math.min(3, c.length() / 3)))
                .min(Comparator.comparingInt(c -> distance(lower, c.toLowerCase())));
    }

    /** "，是不是 maritalStatus？" or nothing. */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(c -> "，是不是 " + c + "？").orElse("");
    }

    /** Edit distance, with a swap of neighbours counting as one edit (nmae → name). */
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
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
