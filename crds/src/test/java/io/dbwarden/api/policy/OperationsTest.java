package io.dbwarden.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationsTest {

  @Test
  void resolvesNames() {
    assertThat(Operations.resolve(List.of("SELECT", "COPY")))
        .containsExactlyInAnyOrder(Operation.SELECT, Operation.COPY);
  }

  @Test
  void allIsEveryOperation() {
    assertThat(Operations.resolve(List.of("ALL"))).isEqualTo(EnumSet.allOf(Operation.class));
  }

  @Test
  void refusesUnknownNames() {
    assertThatThrownBy(() -> Operations.resolve(List.of("SELECT", "select")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown operation \"select\"");
  }
}
