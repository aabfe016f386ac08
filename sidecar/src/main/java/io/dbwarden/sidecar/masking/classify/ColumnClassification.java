package io.dbwarden.sidecar.masking.classify;

import java.util.Objects;

/**
 * What classification found for one column, and why.
 *
 * @param column the column's name
 * @param type the column's type as the catalog prints it
 * @param kind what it holds, or null when nothing sensitive was found
 * @param rule the rule that decided ({@code name:email}, {@code content:luhn}, {@code
 *     type:inet}...), or null
 * @param sampled how many non-null values were looked at
 * @param hits how many of them the content rule matched
 */
public record ColumnClassification(
    String column, String type, SensitiveKind kind, String rule, int sampled, int hits) {

  public ColumnClassification {
    Objects.requireNonNull(column, "column must not be null");
    Objects.requireNonNull(type, "type must not be null");
  }

  public static ColumnClassification harmless(String column, String type, int sampled) {
    return new ColumnClassification(column, type, null, null, sampled, 0);
  }

  public boolean sensitive() {
    return kind != null;
  }

  /** Share of the sampled values the content rule matched, 0 when nothing was sampled. */
  public double hitRatio() {
    return sampled == 0 ? 0 : (double) hits / sampled;
  }
}
