package io.dbwarden.api.policy.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid word a misspelt one was probably meant to be. */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code input}, if it is close enough to be a likely typo: at most one
   * edit per three characters (at least one, at most three), ignoring case. Ties go to the earlier
   * candidate.
   */
  static Optional<String> closest(String input, Collection<String> candidates) {
    String typed = input.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, typed.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** {@code " (did you mean X?)"} or nothing. */
  static String didYouMean(String input, Collection<String> candidates) {
    return closest(input, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of adjacent
   * characters each cost one, since swapped letters are the commonest typo.
   */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
