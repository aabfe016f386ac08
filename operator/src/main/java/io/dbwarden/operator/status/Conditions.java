package io.dbwarden.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes conditions as the API conventions describe them: one per type; {@code
 * lastTransitionTime} changes only when {@code status} does, so a reconciliation that finds nothing
 * new writes nothing new.
 *
 * @see <a
 *     href="https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties">API
 *     conventions: conditions</a>
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /**
   * {@code existing} with the condition of {@code type} set. Its {@code lastTransitionTime} is
   * {@code now} (to the second, as Kubernetes stores it) when the status changed or the condition
   * is new, and kept otherwise. Conditions of other types are kept in their order; a new one goes
   * last.
   */
  public static List<Condition> set(
      List<Condition> existing,
      String type,
      boolean status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    String statusText = status ? TRUE : FALSE;
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition condition : existing == null ? List.<Condition>of() : existing) {
      if (!type.equals(condition.getType())) {
        result.add(condition);
        continue;
      }
      if (replaced) {
        continue; // a duplicate type, which the conventions do not allow: keep the first
      }
      String transition =
          statusText.equals(condition.getStatus()) && condition.getLastTransitionTime() != null
              ? condition.getLastTransitionTime()
              : timestamp(now);
      result.add(condition(type, statusText, reason, message, observedGeneration, transition));
      replaced = true;
    }
    if (!replaced) {
      result.add(condition(type, statusText, reason, message, observedGeneration, timestamp(now)));
    }
    return result;
  }

  /** The condition of {@code type}, if there is one. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is there and True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /** RFC 3339 in UTC to the second, the form Kubernetes uses for {@code metav1.Time}. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Condition condition(
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      String lastTransitionTime) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(observedGeneration)
        .withLastTransitionTime(lastTransitionTime)
        .build();
  }
}
