package io.dbwarden.sidecar.masking;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import java.util.Objects;

/**
 * How one protected column is masked.
 *
 * @param column the column's name as stored
 * @param type its type as {@code format_type} prints it; the masked value keeps it
 * @param kind what classification found (or {@link SensitiveKind#CONFIGURED})
 * @param strategy how its values are masked (never {@code none})
 * @param rule why it is protected ({@code name:email}, {@code policy}...)
 */
public record ColumnMask(
    String column, String type, SensitiveKind kind, MaskingStrategy strategy, String rule) {

  public ColumnMask {
    Objects.requireNonNull(column, "column must not be null");
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(strategy, "strategy must not be null");
    if (strategy == MaskingStrategy.NONE) {
      throw new IllegalArgumentException("a masked column needs a strategy other than none");
    }
  }
}
