package io.dbwarden.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

  private static final Map<String, String> LABELS = Map.of("app", "orders", "tier", "web");

  @Test
  void nullSelectsNothingAndEmptySelectsEverything() {
    assertThat(LabelSelectors.matches(null, LABELS)).isFalse();
    assertThat(LabelSelectors.matches(new LabelSelector(), LABELS)).isTrue();
    assertThat(LabelSelectors.matches(new LabelSelector(), null)).isTrue();
  }

  @Test
  void matchLabelsAndExpressionsMustAllHold() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("app", "orders")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("web", "api")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("canary")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectors.matches(selector, LABELS)).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "orders", "tier", "db"))).isFalse();
    assertThat(
            LabelSelectors.matches(selector, Map.of("app", "orders", "tier", "web", "canary", "")))
        .isFalse();
  }

  @Test
  void notInAndExists() {
    LabelSelector notIn =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("app")
            .withOperator("NotIn")
            .withValues("billing")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("Exists")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectors.matches(notIn, LABELS)).isTrue();
    assertThat(LabelSelectors.matches(notIn, Map.of("app", "billing", "tier", "web"))).isFalse();
    assertThat(LabelSelectors.matches(notIn, Map.of("app", "orders"))).isFalse();
  }
}
