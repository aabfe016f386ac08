package io.dbwarden.api.policy;

import static io.dbwarden.api.policy.PolicyTestDocuments.ARCHITECTURE_EXAMPLE;
import static io.dbwarden.api.policy.PolicyTestDocuments.MINIMAL;
import static io.dbwarden.api.policy.PolicyTestDocuments.MINIMAL_WITH_DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyVersionTest {

  private static DatabasePolicySpec spec(String document) {
    return PolicyDocuments.parse(document).policy().getSpec();
  }

  @Test
  void isTwelveHexCharacters() {
    assertThat(PolicyVersion.of(spec(MINIMAL))).matches("[0-9a-f]{12}");
  }

  @Test
  void isStable() {
    assertThat(PolicyVersion.of(spec(ARCHITECTURE_EXAMPLE)))
        .isEqualTo(PolicyVersion.of(spec(ARCHITECTURE_EXAMPLE)));
  }

  @Test
  void hasAFixedCanonicalForm() {
    // Operator and sidecars of different builds must agree: changing this form changes every
    // version in the field, so it is pinned here.
    assertThat(PolicyVersion.canonicalJson(new DatabasePolicySpec()))
        .isEqualTo(
            "{\"approvals\":{\"approvers\":[],\"rules\":[],\"ttl\":\"1h\",\"wait\":\"0s\"},"
                + "\"audit\":{\"mode\":\"strict\",\"parameters\":\"redact\"},"
                + "\"defaultAction\":\"deny\",\"engine\":\"postgres\","
                + "\"failOpen\":{\"call\":false,\"doBlocks\":false,\"dynamicSql\":false,"
                + "\"functionCall\":false,\"unparseable\":false,\"unsupported\":false},"
                + "\"guardrails\":{\"preset\":\"default\",\"rules\":[]},"
                + "\"masking\":{\"auto\":true,\"columns\":[],\"exempt\":[]},\"rules\":[]}");
    assertThat(PolicyVersion.of(new DatabasePolicySpec())).isEqualTo("ea0e9c6c3f5c");
  }

  @Test
  void ignoresDefaultsSpeltOut() {
    assertThat(PolicyVersion.of(spec(MINIMAL)))
        .isEqualTo(PolicyVersion.of(spec(MINIMAL_WITH_DEFAULTS)));
  }

  @Test
  void ignoresNullsSetInCode() {
    DatabasePolicySpec withNulls = spec(MINIMAL);
    withNulls.setMasking(null);
    withNulls.setEngine(null);
    withNulls.getRules().get(0).setTables(null);

    assertThat(PolicyVersion.of(withNulls)).isEqualTo(PolicyVersion.of(spec(MINIMAL)));
  }

  @Test
  void ignoresFormattingKeyOrderAndMetadata() {
    String reordered =
        """
        kind: DatabasePolicy
        spec:
          rules:
            - operations: ["SELECT"]
              subjects: [{name: readers, kind: Group}]
              name: readers
        metadata: {name: another-name, labels: {a: b}}
        apiVersion: dbwarden.io/v1alpha1
        """;

    assertThat(PolicyVersion.of(spec(reordered))).isEqualTo(PolicyVersion.of(spec(MINIMAL)));
  }

  @Test
  void changesWithContent() {
    DatabasePolicySpec base = spec(MINIMAL);
    String version = PolicyVersion.of(base);

    DatabasePolicySpec maxRows = spec(MINIMAL);
    maxRows.getRules().get(0).setMaxRows(100L);
    DatabasePolicySpec defaultAction = spec(MINIMAL);
    defaultAction.setDefaultAction(Action.ALLOW);
    DatabasePolicySpec failOpen = spec(MINIMAL);
    failOpen.getFailOpen().setDoBlocks(true);
    DatabasePolicySpec operations = spec(MINIMAL);
    operations.getRules().get(0).setOperations(List.of("SELECT", "INSERT"));

    assertThat(
            List.of(
                PolicyVersion.of(maxRows),
                PolicyVersion.of(defaultAction),
                PolicyVersion.of(failOpen),
                PolicyVersion.of(operations)))
        .doesNotContain(version)
        .doesNotHaveDuplicates();
  }

  @Test
  void doesNotChangeTheSpecItHashes() {
    DatabasePolicySpec spec = spec(MINIMAL);
    spec.setMasking(null);

    PolicyVersion.of(spec);

    assertThat(spec.getMasking()).isNull();
  }
}
