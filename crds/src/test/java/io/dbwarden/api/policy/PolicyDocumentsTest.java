package io.dbwarden.api.policy;

import static io.dbwarden.api.policy.PolicyTestDocuments.ARCHITECTURE_EXAMPLE;
import static io.dbwarden.api.policy.PolicyTestDocuments.MINIMAL;
import static io.dbwarden.api.policy.PolicyTestDocuments.MINIMAL_WITH_DEFAULTS;
import static io.dbwarden.api.policy.PolicyTestDocuments.withSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

  @Test
  void readsTheArchitectureExample() {
    DatabasePolicy policy = PolicyDocuments.parse(ARCHITECTURE_EXAMPLE).policy();

    assertThat(policy.getApiVersion()).isEqualTo("dbwarden.io/v1alpha1");
    assertThat(policy.getKind()).isEqualTo("DatabasePolicy");
    assertThat(policy.getMetadata().getName()).isEqualTo("orders");
    DatabasePolicySpec spec = policy.getSpec();
    assertThat(spec.getSelector().getMatchLabels()).containsEntry("app", "orders");
    assertThat(spec.getEngine()).isEqualTo(Engine.POSTGRES);
    assertThat(spec.getDefaultAction()).isEqualTo(Action.DENY);
    PermissionRule analysts = spec.getRules().get(0);
    assertThat(analysts.getName()).isEqualTo("analysts");
    assertThat(analysts.getSubjects()).containsExactly(new Subject(SubjectKind.GROUP, "analysts"));
    assertThat(analysts.getOperations()).containsExactly("SELECT");
    assertThat(analysts.getTables()).containsExactly("public.orders", "public.customers");
    assertThat(analysts.getMaxRows()).isEqualTo(10000L);
    assertThat(spec.getMasking().getExempt())
        .containsExactly(new Subject(SubjectKind.GROUP, "support-leads"));
    assertThat(spec.getMasking().getColumns())
        .containsExactly(new MaskedColumn("public.customers.email", MaskingStrategy.PARTIAL));
    assertThat(spec.getGuardrails().getRules().get(0).getAction()).isEqualTo(GuardrailAction.DENY);
    assertThat(spec.getApprovals().getRules().get(0).getOperations())
        .containsExactly("UPDATE", "DELETE");
    assertThat(spec.getApprovals().getApprovers())
        .containsExactly(new Subject(SubjectKind.GROUP, "dba"));
    assertThat(Durations.parse(spec.getApprovals().getTtl())).hasHours(1);
  }

  @Test
  void readsTheExamplePolicyInTheRepository() throws IOException {
    String text = Files.readString(Path.of("..", "examples", "policies", "analysts.yaml"));

    ParsedPolicy parsed = PolicyDocuments.parse(text);

    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.policy().getSpec().getRules()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Nested
  class Defaults {

    @Test
    void fillEverythingLeftOut() {
      DatabasePolicySpec spec = PolicyDocuments.parse(MINIMAL).policy().getSpec();

      assertThat(spec.getSelector()).isNull();
      assertThat(spec.getEngine()).isEqualTo(Engine.POSTGRES);
      assertThat(spec.getDefaultAction()).isEqualTo(Action.DENY);
      PermissionRule rule = spec.getRules().get(0);
      assertThat(rule.getTables()).containsExactly("*");
      assertThat(rule.getAction()).isEqualTo(Action.ALLOW);
      assertThat(rule.getMaxRows()).isNull();
      assertThat(spec.getMasking().getAuto()).isTrue();
      assertThat(spec.getMasking().getExempt()).isEmpty();
      assertThat(spec.getMasking().getColumns()).isEmpty();
      assertThat(spec.getGuardrails().getPreset()).isEqualTo(GuardrailPreset.DEFAULT);
      assertThat(spec.getApprovals().getTtl()).isEqualTo("1h");
      assertThat(spec.getApprovals().getWait()).isEqualTo("0s");
      FailOpen failOpen = spec.getFailOpen();
      assertThat(
              List.of(
                  failOpen.getUnparseable(),
                  failOpen.getUnsupported(),
                  failOpen.getFunctionCall(),
                  failOpen.getDoBlocks(),
                  failOpen.getCall(),
                  failOpen.getDynamicSql()))
          .containsOnly(false);
      assertThat(spec.getAudit().getParameters()).isEqualTo(ParameterLogging.REDACT);
      assertThat(spec.getAudit().getMode()).isEqualTo(AuditMode.STRICT);
    }

    @Test
    void areTheSameAsSpeltOut() {
      assertThat(PolicyDocuments.parse(MINIMAL).policy())
          .isEqualTo(PolicyDocuments.parse(MINIMAL_WITH_DEFAULTS).policy());
    }

    @Test
    void applyInsideListEntries() {
      String text =
          withSpec(
              """
              guardrails:
                rules: [{name: no-drop, operations: [DROP]}]
              approvals:
                rules: [{name: writes, operations: [UPDATE]}]
                approvers: [{kind: Group, name: dba}]
              masking:
                columns: [{name: public.customers.email}]
              """);

      DatabasePolicySpec spec = PolicyDocuments.parse(text).policy().getSpec();

      assertThat(spec.getGuardrails().getRules().get(0).getAction())
          .isEqualTo(GuardrailAction.DENY);
      assertThat(spec.getGuardrails().getRules().get(0).getTables()).containsExactly("*");
      assertThat(spec.getApprovals().getRules().get(0).getTables()).containsExactly("*");
      assertThat(spec.getMasking().getColumns().get(0).getStrategy())
          .isEqualTo(MaskingStrategy.REDACT);
    }

    @Test
    void replaceExplicitNulls() {
      // The API server prunes nulls before defaulting; a file behaves the same.
      String text =
          withSpec(
              """
              engine: null
              masking: {auto: null}
              approvals: null
              """);

      DatabasePolicySpec spec = PolicyDocuments.parse(text).policy().getSpec();

      assertThat(spec.getEngine()).isEqualTo(Engine.POSTGRES);
      assertThat(spec.getMasking().getAuto()).isTrue();
      assertThat(spec.getApprovals().getTtl()).isEqualTo("1h");
    }
  }

  @Nested
  class RoundTrip {

    @Test
    void yamlReadsBackEqual() {
      DatabasePolicy policy = PolicyDocuments.parse(ARCHITECTURE_EXAMPLE).policy();

      String yaml = PolicyDocuments.toYaml(policy);
      ParsedPolicy again = PolicyDocuments.parse(yaml);

      assertThat(again.problems()).isEmpty();
      assertThat(again.policy()).isEqualTo(policy);
      assertThat(yaml).doesNotContain("---");
    }

    @Test
    void jsonReadsBackEqual() {
      DatabasePolicy policy = PolicyDocuments.parse(ARCHITECTURE_EXAMPLE).policy();

      ParsedPolicy again = PolicyDocuments.parse(PolicyJson.toJson(policy));

      assertThat(again.problems()).isEmpty();
      assertThat(again.policy()).isEqualTo(policy);
    }

    @Test
    void everyFieldSurvives() {
      // Uses every field of the spec: a field the validator knows but the types lack fails to
      // bind, and one the types have but the validator lacks comes back as an unknown field.
      String text =
          withSpec(
              """
              selector:
                matchLabels: {app: orders}
                matchExpressions: [{key: tier, operator: In, values: [backend]}]
              engine: mysql
              defaultAction: allow
              rules:
                - name: everything
                  subjects: [{kind: ServiceAccount, name: shop/orders}]
                  operations: [ALL]
                  tables: ["*"]
                  maxRows: 5
                  action: deny
              masking:
                auto: false
                exempt: [{kind: User, name: alice@example.com}]
                columns: [{name: public.customers.ssn, strategy: "null"}]
              guardrails:
                preset: strict
                rules: [{name: copy-out, operations: [COPY], tables: ["public.*"], action: requireApproval}]
              approvals:
                rules: [{name: erasure, operations: [DELETE], tables: ["public.customers"]}]
                approvers: [{kind: Group, name: dba}]
                ttl: 2h
                wait: 45s
              failOpen:
                unparseable: true
                unsupported: true
                functionCall: true
                doBlocks: true
                call: true
                dynamicSql: true
              audit: {parameters: include, mode: best-effort}
              """);
      DatabasePolicy policy = PolicyDocuments.parse(text).policy();

      ParsedPolicy again = PolicyDocuments.parse(PolicyDocuments.toYaml(policy));

      assertThat(again.problems()).isEmpty();
      assertThat(again.policy()).isEqualTo(policy);
      assertThat(PolicyJson.toTree(policy.getSpec()))
          .isEqualTo(PolicyJson.toTree(PolicyDocuments.parse(text).policy().getSpec()));
      assertThat(policy.getSpec().getMasking().getColumns().get(0).getStrategy())
          .isEqualTo(MaskingStrategy.NULL);
      assertThat(policy.getSpec().getAudit().getMode()).isEqualTo(AuditMode.BEST_EFFORT);
    }
  }

  @Nested
  class Reading {

    @Test
    void acceptsJson() {
      String json =
          """
          {"apiVersion": "dbwarden.io/v1alpha1", "kind": "DatabasePolicy",
           "metadata": {"name": "j"}, "spec": {"defaultAction": "allow"}}
          """;

      assertThat(PolicyDocuments.parse(json).policy().getSpec().getDefaultAction())
          .isEqualTo(Action.ALLOW);
    }

    @Test
    void acceptsDocumentMarkersAroundOneDocument() {
      assertThat(PolicyDocuments.parse("---\n" + MINIMAL + "---\n").isValid()).isTrue();
    }

    @Test
    void ignoresStatus() {
      String text = MINIMAL + "status:\n  version: abc\n  whatever: [1, 2]\n";

      ParsedPolicy parsed = PolicyDocuments.parse(text);

      assertThat(parsed.problems()).isEmpty();
      assertThat(parsed.policy().getStatus()).isNull();
    }

    @Test
    void reportsBrokenYamlWithItsPosition() {
      String text = "apiVersion: dbwarden.io/v1alpha1\nkind: [DatabasePolicy\nspec: {}\n";

      assertThat(PolicyDocuments.parse(text).problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.path()).isEmpty();
                assertThat(problem.message()).startsWith("invalid YAML at line ");
              });
    }

    @Test
    void reportsBrokenJsonWithItsPosition() {
      assertThat(PolicyDocuments.parse("{\"kind\": }").problems())
          .singleElement()
          .extracting(PolicyProblem::message)
          .asString()
          .startsWith("invalid JSON at line 1, column ");
    }

    @Test
    void refusesKeysWrittenTwice() {
      String text = MINIMAL + "  rules: []\n";

      assertThat(PolicyDocuments.parse(text).problems())
          .singleElement()
          .extracting(PolicyProblem::message)
          .asString()
          .contains("Duplicate field 'rules'");
    }

    @Test
    void refusesSeveralDocuments() {
      assertThat(PolicyDocuments.parse(MINIMAL + "---\n" + MINIMAL).problems())
          .containsExactly(
              new PolicyProblem(
                  "",
                  "expected one document, found 2: put each DatabasePolicy in a file of its own"));
    }

    @Test
    void refusesAnEmptyDocument() {
      assertThat(PolicyDocuments.parse("# nothing here\n").problems())
          .containsExactly(new PolicyProblem("", "the document is empty"));
      assertThat(PolicyDocuments.parse("").problems())
          .containsExactly(new PolicyProblem("", "the document is empty"));
    }

    @Test
    void refusesADocumentThatIsNotAnObject() {
      assertThat(PolicyDocuments.parse("- a\n- b\n").problems())
          .containsExactly(
              new PolicyProblem("", "a DatabasePolicy document must be a mapping (an object)"));
    }

    @Test
    void invalidPolicyListsItsProblemsWhenAskedForThePolicy() {
      ParsedPolicy parsed = PolicyDocuments.parse(withSpec("engine: oracle\n"));

      assertThat(parsed.isValid()).isFalse();
      assertThatThrownBy(parsed::policy)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("spec.engine: unknown engine \"oracle\"");
    }
  }
}
