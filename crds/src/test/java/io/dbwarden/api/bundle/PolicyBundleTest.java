package io.dbwarden.api.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.PolicyVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyBundleTest {

  private static DatabasePolicySpec spec(Action defaultAction) {
    DatabasePolicySpec spec = new DatabasePolicySpec();
    spec.setDefaultAction(defaultAction);
    return spec;
  }

  @Test
  void versionIsAContentHashIndependentOfOrder() {
    BundledPolicy a = BundledPolicy.of("a", spec(Action.DENY));
    BundledPolicy b = BundledPolicy.of("b", spec(Action.ALLOW));

    PolicyBundle ab = PolicyBundle.of(List.of(a, b));
    PolicyBundle ba = PolicyBundle.of(List.of(b, a));

    assertThat(ab).isEqualTo(ba);
    assertThat(ab.version()).hasSize(PolicyVersion.LENGTH).matches("[0-9a-f]+");
    assertThat(ab.policyNames()).containsExactly("a", "b");
  }

  @Test
  void versionChangesWithAnyPolicyAndWithNames() {
    BundledPolicy a = BundledPolicy.of("a", spec(Action.DENY));
    String version = PolicyBundle.of(List.of(a)).version();

    assertThat(PolicyBundle.of(List.of(BundledPolicy.of("a", spec(Action.ALLOW)))).version())
        .isNotEqualTo(version);
    assertThat(PolicyBundle.of(List.of(BundledPolicy.of("renamed", spec(Action.DENY)))).version())
        .isNotEqualTo(version);
    assertThat(PolicyBundle.of(List.of()).version()).isNotEqualTo(version);
  }

  @Test
  void canonicalJsonHoldsNamesVersionsAndCanonicalSpecs() {
    BundledPolicy a = BundledPolicy.of("a", spec(Action.DENY));
    assertThat(PolicyBundle.canonicalJson(List.of(a)))
        .startsWith("{\"policies\":[{\"name\":\"a\",\"spec\":{")
        .contains(PolicyVersion.canonicalJson(a.spec()))
        .endsWith("\"version\":\"" + a.version() + "\"}]}");
    assertThat(PolicyBundle.of(List.of(a)).contains("a", a.version())).isTrue();
    assertThat(PolicyBundle.of(List.of(a)).contains("a", "000000000000")).isFalse();
  }

  @Test
  void aPolicyAppearsOnce() {
    BundledPolicy a = BundledPolicy.of("a", spec(Action.DENY));
    assertThatThrownBy(() -> PolicyBundle.of(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }
}
