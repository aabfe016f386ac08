package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.masking.ColumnMask;
import io.dbwarden.sidecar.masking.HashKey;
import io.dbwarden.sidecar.masking.classify.ColumnClassification;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A policy's {@code masking} section in the form the decision step applies.
 *
 * @param auto whether classified columns are protected without being listed
 * @param exempt subjects who see clear values
 * @param columns strategies by {@code schema.table.column}; {@code none} unprotects a column
 * @param key the key of the {@code hash} strategy
 */
public record MaskingRules(
    boolean auto, List<Subject> exempt, Map<String, MaskingStrategy> columns, HashKey key) {

  /** The key of this process: from {@code DBWARDEN_MASKING_KEY} when set, else random. */
  static final HashKey PROCESS_KEY = processKey();

  /** No masking at all. */
  public static final MaskingRules OFF = new MaskingRules(false, List.of(), Map.of(), PROCESS_KEY);

  public MaskingRules {
    exempt = List.copyOf(exempt);
    columns = Map.copyOf(columns);
    Objects.requireNonNull(key, "key must not be null");
  }

  /** Automatic classification on, nobody exempt, nothing listed (the policy default). */
  public static MaskingRules automatic() {
    return new MaskingRules(true, List.of(), Map.of(), PROCESS_KEY);
  }

  public boolean enabled() {
    return auto || columns.values().stream().anyMatch(s -> s != MaskingStrategy.NONE);
  }

  /** Whether this identity sees clear values. */
  public boolean exempt(Identity identity) {
    return exempt.stream().anyMatch(s -> s.matches(identity));
  }

  /**
   * How a column is masked, or null when it is not protected.
   *
   * @param classification what classification found, or null when it did not run
   */
  public ColumnMask mask(
      Relation relation, Relation.Column column, ColumnClassification classification) {
    String name = relation.ref() + "." + column.name();
    MaskingStrategy listed = columns.get(name);
    boolean classified = classification != null && classification.sensitive();
    if (listed != null) {
      if (listed == MaskingStrategy.NONE) {
        return null;
      }
      return new ColumnMask(
          column.name(),
          column.type(),
          classified ? classification.kind() : SensitiveKind.CONFIGURED,
          listed,
          "policy");
    }
    if (auto && classified) {
      return new ColumnMask(
          column.name(),
          column.type(),
          classification.kind(),
          classification.kind().defaultStrategy(),
          classification.rule());
    }
    return null;
  }

  private static HashKey processKey() {
    String configured = System.getenv("DBWARDEN_MASKING_KEY");
    if (configured != null && !configured.isBlank()) {
      byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= 64) {
        return HashKey.of(bytes);
      }
    }
    return HashKey.random();
  }
}
