package io.dbwarden.api.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the {@code operations} lists of rules: each entry is an {@link Operation} name, or {@link
 * #ALL} on its own.
 */
public final class Operations {

  /** Stands for every operation; only valid as the single entry of a list. */
  public static final String ALL = "ALL";

  private Operations() {}

  /**
   * The operations a list names.
   *
   * @throws IllegalArgumentException for a name that is neither an operation nor {@code ALL}
   */
  public static Set<Operation> resolve(Collection<String> names) {
    Objects.requireNonNull(names, "names must not be null");
    EnumSet<Operation> operations = EnumSet.noneOf(Operation.class);
    for (String name : names) {
      if (ALL.equals(name)) {
        return EnumSet.allOf(Operation.class);
      }
      try {
        operations.add(Operation.valueOf(name));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("unknown operation \"" + name + "\"", e);
      }
    }
    return operations;
  }
}
