package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.masking.ColumnMask;
import io.dbwarden.sidecar.masking.HashKey;
import io.dbwarden.sidecar.masking.classify.ColumnClassification;
import java.util.List;

/**
 * The masking of several policies at once: a column is masked if any of them masks it, with the
 * strictest of their strategies. Strictness goes by what the client can still learn: {@code null}
 * shows nothing, {@code redact} only that there was a value, {@code hash} which values are equal,
 * {@code partial} part of the value. A policy listing a column as {@code none} unprotects it only
 * for itself.
 *
 * @param members the masking sections that apply, at least one
 */
record MaskingUnion(List<MaskingRules> members) {

  private static final List<MaskingStrategy> LEAST_STRICT_FIRST =
      List.of(
          MaskingStrategy.PARTIAL,
          MaskingStrategy.HASH,
          MaskingStrategy.REDACT,
          MaskingStrategy.NULL);

  MaskingUnion {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a masking union needs at least one member");
    }
    members = List.copyOf(members);
  }

  /** How a column is masked, or null when no member protects it. */
  ColumnMask mask(Relation relation, Relation.Column column, ColumnClassification classification) {
    ColumnMask strictest = null;
    for (MaskingRules rules : members) {
      ColumnMask mask = rules.mask(relation, column, classification);
      if (mask != null
          && (strictest == null
              || strictness(mask.strategy()) > strictness(strictest.strategy()))) {
        strictest = mask;
      }
    }
    return strictest;
  }

  /** The hash key; compiled policies all share the process's key, so the first one's is theirs. */
  HashKey key() {
    return members.get(0).key();
  }

  private static int strictness(MaskingStrategy strategy) {
    return LEAST_STRICT_FIRST.indexOf(strategy);
  }
}
