package io.dbwarden.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");

  @Test
  void transitionTimeMovesOnlyWithTheStatus() {
    List<Condition> first = Conditions.set(List.of(), "Ready", false, "Syncing", "0 of 1", 1L, T0);
    assertThat(first.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");

    List<Condition> sameStatus =
        Conditions.set(
            first, "Ready", false, "SidecarsRejected", "1 refused", 2L, T0.plusSeconds(60));
    assertThat(sameStatus.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(sameStatus.get(0).getReason()).isEqualTo("SidecarsRejected");
    assertThat(sameStatus.get(0).getObservedGeneration()).isEqualTo(2L);

    List<Condition> flipped =
        Conditions.set(sameStatus, "Ready", true, "InSync", "all", 2L, T0.plusSeconds(120));
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T10:02:00Z");
    assertThat(Conditions.isTrue(flipped, "Ready")).isTrue();
  }

  @Test
  void otherTypesKeepTheirPlace() {
    List<Condition> conditions = Conditions.set(List.of(), "Valid", true, "Valid", "", 1L, T0);
    conditions = Conditions.set(conditions, "Ready", true, "InSync", "", 1L, T0);
    conditions = Conditions.set(conditions, "Valid", false, "InvalidSpec", "x", 2L, T0);
    assertThat(conditions).extracting(Condition::getType).containsExactly("Valid", "Ready");
    assertThat(Conditions.find(conditions, "Missing")).isEmpty();
  }
}
