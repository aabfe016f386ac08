package io.dbwarden.api.policy.validation;

import static io.dbwarden.api.policy.PolicyTestDocuments.ARCHITECTURE_EXAMPLE;
import static io.dbwarden.api.policy.PolicyTestDocuments.MINIMAL;
import static io.dbwarden.api.policy.PolicyTestDocuments.withSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PermissionRule;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.api.policy.PolicyJson;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValidatorTest {

  /** The problems of a document whose spec is {@code spec}, as {@code path: message}. */
  private static List<String> problems(String spec) {
    return problemsOfDocument(withSpec(spec));
  }

  private static List<String> problemsOfDocument(String document) {
    return PolicyDocuments.parse(document).problems().stream()
        .map(PolicyProblem::toString)
        .toList();
  }

  /** A spec with one permission rule whose body is {@code rule} (after "- name: r"). */
  private static String ruleSpec(String rule) {
    return "rules:\n  - name: r\n" + rule.indent(4);
  }

  @Test
  void acceptsValidPolicies() {
    assertThat(problemsOfDocument(MINIMAL)).isEmpty();
    assertThat(problemsOfDocument(ARCHITECTURE_EXAMPLE)).isEmpty();
    assertThat(problems("{}")).isEmpty();
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String spec =
        """
        engine: postgress
        rulez: []
        rules:
          - name: Read_All
            subjects: []
            operations: [SELCT, ALL]
            tables: [orders]
            maxRows: 0
          - name: writers
            subjects: [{kind: ServiceAccount, name: orders}]
            operations: [INSERT]
        guardrails:
          rules: [{name: writers, operations: [DROP], action: block}]
        approvals:
          rules: [{name: erasure, operations: [DELETE]}]
          ttl: 1 hour
        masking:
          columns: [{name: customers.email, strategy: scramble}]
        """;

    assertThat(problems(spec))
        .containsExactly(
            "spec.engine: unknown engine \"postgress\" (did you mean postgres?)",
            "spec.rulez: unknown field \"rulez\" (did you mean rules?)",
            "spec.rules[0].name: invalid rule name \"Read_All\": use lowercase letters, digits and"
                + " '-', starting and ending with a letter or digit",
            "spec.rules[0].subjects: must name at least one subject",
            "spec.rules[0].operations[0]: unknown operation \"SELCT\" (did you mean SELECT?)",
            "spec.rules[0].operations: ALL cannot be combined with other operations",
            "spec.rules[0].tables[0]: invalid table pattern \"orders\" (write schema.table, with *"
                + " and ? as wildcards, or * for every table)",
            "spec.rules[0].maxRows: must be at least 1",
            "spec.rules[1].subjects[0].name: invalid ServiceAccount name \"orders\" (write"
                + " namespace/name)",
            "spec.guardrails.rules[0].action: unknown guardrail action \"block\" (expected deny or"
                + " requireApproval)",
            "spec.approvals.ttl: invalid duration \"1 hour\" (write e.g. 90s, 15m, 1h30m or 2d)",
            "spec.masking.columns[0].name: invalid column \"customers.email\" (write"
                + " schema.table.column)",
            "spec.masking.columns[0].strategy: unknown masking strategy \"scramble\" (expected"
                + " redact, partial, hash, null or none)",
            "spec.guardrails.rules[0].name: duplicate rule name \"writers\" (first used at"
                + " spec.rules[1].name)",
            "spec.approvals.approvers: approval rules need at least one approver");
  }

  @Nested
  class Document {

    @Test
    void needsApiVersionKindNameAndSpec() {
      assertThat(problemsOfDocument("metadata: {}\n"))
          .containsExactly(
              "metadata.name: is required",
              "apiVersion: is required",
              "kind: is required",
              "spec: is required");
    }

    @Test
    void needsTheRightApiVersionAndKind() {
      String document =
          MINIMAL.replace("dbwarden.io/v1alpha1", "v1").replace("DatabasePolicy", "Policy");

      assertThat(problemsOfDocument(document))
          .containsExactly(
              "apiVersion: must be dbwarden.io/v1alpha1, not \"v1\"",
              "kind: must be DatabasePolicy, not \"Policy\"");
    }

    @Test
    void checksTheName() {
      assertThat(problemsOfDocument(MINIMAL.replace("name: minimal", "name: Minimal_Policy")))
          .containsExactly(
              "metadata.name: invalid name \"Minimal_Policy\": use lowercase letters, digits, '-'"
                  + " and '.', starting and ending with a letter or digit");
    }

    @Test
    void acceptsServerSetMetadata() {
      String document =
          MINIMAL.replace(
              "  name: minimal\n",
              """
                name: minimal
                namespace: shop
                labels: {team: data}
                annotations: {"app.kubernetes.io/managed-by": argocd}
                uid: 0b8e6b38-4b5c-4c1f-9f43-3c8e8e1f0c11
                resourceVersion: "1234"
                generation: 3
                creationTimestamp: "2025-01-01T00:00:00Z"
                managedFields: [{manager: kubectl}]
              """);

      assertThat(problemsOfDocument(document)).isEmpty();
    }

    @Test
    void reportsUnknownFieldsEverywhere() {
      String document =
          MINIMAL
              .replace("kind: DatabasePolicy", "kind: DatabasePolicy\nspecs: {}")
              .replace("  name: minimal", "  name: minimal\n  labelz: {}");

      assertThat(problemsOfDocument(document))
          .containsExactly(
              "specs: unknown field \"specs\" (did you mean spec?)",
              "metadata.labelz: unknown field \"labelz\" (did you mean labels?)");
    }
  }

  @Nested
  class RequiredFields {

    @Test
    void ofPermissionRules() {
      assertThat(problems("rules: [{maxRows: 5}]"))
          .containsExactly(
              "spec.rules[0].name: is required",
              "spec.rules[0].subjects: is required",
              "spec.rules[0].operations: is required");
    }

    @Test
    void ofSubjects() {
      assertThat(problems(ruleSpec("subjects: [{}, {kind: User, name: \"\"}]\noperations: [ALL]")))
          .containsExactly(
              "spec.rules[0].subjects[0].kind: is required",
              "spec.rules[0].subjects[0].name: is required",
              "spec.rules[0].subjects[1].name: must not be empty");
    }

    @Test
    void ofGuardrailAndApprovalRules() {
      assertThat(
              problems(
                  """
                  guardrails: {rules: [{action: deny}]}
                  approvals: {rules: [{tables: ["*"]}], approvers: [{kind: Group, name: dba}]}
                  """))
          .containsExactly(
              "spec.guardrails.rules[0].name: is required",
              "spec.guardrails.rules[0].operations: is required",
              "spec.approvals.rules[0].name: is required",
              "spec.approvals.rules[0].operations: is required");
    }

    @Test
    void ofMaskedColumns() {
      assertThat(problems("masking: {columns: [{strategy: hash}]}"))
          .containsExactly("spec.masking.columns[0].name: is required");
    }

    @Test
    void explicitNullOfARequiredField() {
      assertThat(
              problems(
                  "rules: [{name: null, subjects: [{kind: Group, name: g}], operations: [ALL]}]"))
          .containsExactly("spec.rules[0].name: is required");
    }
  }

  @Nested
  class EnumValues {

    @Test
    void namesTheAlternativesWhenNothingIsClose() {
      assertThat(problems("engine: oracle\ndefaultAction: maybe"))
          .containsExactly(
              "spec.engine: unknown engine \"oracle\" (expected postgres or mysql)",
              "spec.defaultAction: unknown action \"maybe\" (expected allow or deny)");
    }

    @Test
    void suggestsTheClosestValue() {
      assertThat(
              problems(
                  """
                  rules:
                    - name: r
                      subjects: [{kind: Users, name: a}]
                      operations: [select, DELEET, UPDAT]
                      action: alow
                  masking: {columns: [{name: a.b.c, strategy: partal}]}
                  guardrails: {preset: strickt, rules: [{name: g, operations: [DROP], action: requireapproval}]}
                  audit: {parameters: includ, mode: besteffort}
                  """))
          .containsExactly(
              "spec.rules[0].subjects[0].kind: unknown subject kind \"Users\" (did you mean User?)",
              "spec.rules[0].operations[0]: unknown operation \"select\" (did you mean SELECT?)",
              "spec.rules[0].operations[1]: unknown operation \"DELEET\" (did you mean DELETE?)",
              "spec.rules[0].operations[2]: unknown operation \"UPDAT\" (did you mean UPDATE?)",
              "spec.rules[0].action: unknown action \"alow\" (did you mean allow?)",
              "spec.masking.columns[0].strategy: unknown masking strategy \"partal\" (did you mean"
                  + " partial?)",
              "spec.guardrails.preset: unknown guardrail preset \"strickt\" (did you mean strict?)",
              "spec.guardrails.rules[0].action: unknown guardrail action \"requireapproval\" (did"
                  + " you mean requireApproval?)",
              "spec.audit.parameters: unknown parameters setting \"includ\" (did you mean"
                  + " include?)",
              "spec.audit.mode: unknown audit mode \"besteffort\" (did you mean best-effort?)");
    }

    @Test
    void doesNotGuessWildly() {
      assertThat(problems(ruleSpec("subjects: [{kind: Group, name: g}]\noperations: [FROBNICATE]")))
          .containsExactly("spec.rules[0].operations[0]: unknown operation \"FROBNICATE\"");
    }

    @Test
    void acceptsEveryOperationAndAll() {
      for (io.dbwarden.api.policy.Operation operation : io.dbwarden.api.policy.Operation.values()) {
        assertThat(
                problems(
                    ruleSpec(
                        "subjects: [{kind: Group, name: g}]\noperations: [" + operation + "]")))
            .isEmpty();
      }
      assertThat(problems(ruleSpec("subjects: [{kind: Group, name: g}]\noperations: [ALL]")))
          .isEmpty();
    }

    @Test
    void explainsABareNullStrategy() {
      assertThat(problems("masking: {columns: [{name: a.b.c, strategy: null}]}"))
          .containsExactly(
              "spec.masking.columns[0].strategy: is null: quote it (\"null\") for the null"
                  + " strategy, or leave it out for redact");
      assertThat(problems("masking: {columns: [{name: a.b.c, strategy: \"null\"}]}")).isEmpty();
    }
  }

  @Nested
  class Patterns {

    @ParameterizedTest
    @ValueSource(strings = {"r", "read-only", "a1", "1a", "x-2-y"})
    void acceptsRuleNames(String name) {
      assertThat(
              problems(
                  "rules: [{name: "
                      + name
                      + ", subjects: [{kind: Group, name: g}], operations: [ALL]}]"))
          .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Read", "read_only", "-read", "read-", "read.only", "\"\""})
    void refusesRuleNames(String name) {
      assertThat(problems("guardrails: {rules: [{name: " + name + ", operations: [DROP]}]}"))
          .singleElement()
          .asString()
          .startsWith("spec.guardrails.rules[0].name: invalid rule name ");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"*", "public.orders", "public.*", "*.orders", "sales_2024.order?", "*.*"})
    void acceptsTableGlobs(String glob) {
      assertThat(
              problems(
                  ruleSpec(
                      "subjects: [{kind: Group, name: g}]\noperations: [SELECT]\ntables: [\""
                          + glob
                          + "\"]")))
          .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"orders", "a.b.c", "public.", ".orders", "public orders", "public.ord-ers"})
    void refusesTableGlobs(String glob) {
      assertThat(
              problems(
                  ruleSpec(
                      "subjects: [{kind: Group, name: g}]\noperations: [SELECT]\ntables: [\""
                          + glob
                          + "\"]")))
          .containsExactly(
              "spec.rules[0].tables[0]: invalid table pattern \""
                  + glob
                  + "\" (write schema.table, with * and ? as wildcards, or * for every table)");
    }

    @Test
    void refusesAnEmptyTableList() {
      assertThat(
              problems(
                  ruleSpec("subjects: [{kind: Group, name: g}]\noperations: [SELECT]\ntables: []")))
          .containsExactly(
              "spec.rules[0].tables: must name at least one table (leave tables out for every"
                  + " table)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"public.customers", "public.customers.*", "a.b.c.d", "public..email"})
    void refusesColumnNames(String column) {
      assertThat(problems("masking: {columns: [{name: \"" + column + "\"}]}"))
          .containsExactly(
              "spec.masking.columns[0].name: invalid column \""
                  + column
                  + "\" (write"
                  + " schema.table.column)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "30s", "15m", "1h", "2d", "1h30m", "1d12h"})
    void acceptsDurations(String duration) {
      assertThat(problems("approvals: {ttl: " + duration + ", wait: " + duration + "}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 hour", "1H", "h", "1.5h", "-1h", "1w", "\"\""})
    void refusesDurations(String duration) {
      assertThat(problems("approvals: {wait: " + duration + "}"))
          .singleElement()
          .asString()
          .startsWith("spec.approvals.wait: invalid duration ");
    }

    @Test
    void asksForAUnitOnABareNumber() {
      assertThat(problems("approvals: {ttl: 60}"))
          .containsExactly(
              "spec.approvals.ttl: invalid duration 60 (add a unit: ms, s, m, h or d)");
    }

    @Test
    void refusesAZeroTtlButNotAZeroWait() {
      assertThat(problems("approvals: {ttl: 0s, wait: 0s}"))
          .containsExactly("spec.approvals.ttl: must be longer than 0s");
    }

    @Test
    void checksServiceAccountNamesOnly() {
      assertThat(
              problems(
                  """
                  masking:
                    exempt:
                      - {kind: ServiceAccount, name: shop/orders}
                      - {kind: ServiceAccount, name: shop/orders/extra}
                      - {kind: User, name: "anything goes@example.com"}
                      - {kind: Group, name: "cn=admins,ou=groups"}
                  """))
          .containsExactly(
              "spec.masking.exempt[1].name: invalid ServiceAccount name \"shop/orders/extra\""
                  + " (write namespace/name)");
    }
  }

  @Nested
  class CrossField {

    @Test
    void ruleNamesAreUniqueAcrossAllRuleLists() {
      assertThat(
              problems(
                  """
                  rules:
                    - {name: a, subjects: [{kind: Group, name: g}], operations: [SELECT]}
                    - {name: a, subjects: [{kind: Group, name: g}], operations: [INSERT]}
                  guardrails: {rules: [{name: b, operations: [DROP]}]}
                  approvals:
                    rules: [{name: b, operations: [DELETE]}, {name: a, operations: [UPDATE]}]
                    approvers: [{kind: Group, name: dba}]
                  """))
          .containsExactly(
              "spec.rules[1].name: duplicate rule name \"a\" (first used at spec.rules[0].name)",
              "spec.approvals.rules[0].name: duplicate rule name \"b\" (first used at"
                  + " spec.guardrails.rules[0].name)",
              "spec.approvals.rules[1].name: duplicate rule name \"a\" (first used at"
                  + " spec.rules[0].name)");
    }

    @Test
    void maskedColumnsAreUnique() {
      assertThat(
              problems(
                  "masking: {columns: [{name: a.b.c, strategy: hash}, {name: a.b.c, strategy:"
                      + " none}]}"))
          .containsExactly(
              "spec.masking.columns[1].name: duplicate column \"a.b.c\" (first listed at"
                  + " spec.masking.columns[0].name)");
    }

    @Test
    void approvalRulesNeedApprovers() {
      assertThat(problems("approvals: {rules: [{name: x, operations: [DELETE]}], approvers: []}"))
          .containsExactly("spec.approvals.approvers: approval rules need at least one approver");
      assertThat(problems("approvals: {approvers: [{kind: Group, name: dba}]}")).isEmpty();
    }

    @Test
    void allStandsAlone() {
      assertThat(problems("guardrails: {rules: [{name: g, operations: [DROP, ALL]}]}"))
          .containsExactly(
              "spec.guardrails.rules[0].operations: ALL cannot be combined with other operations");
    }

    @Test
    void selectorExpressionsFollowKubernetes() {
      assertThat(
              problems(
                  """
                  selector:
                    matchLabels: {"app.kubernetes.io/name": orders, tier: 1}
                    matchExpressions:
                      - {key: a, operator: In}
                      - {key: b, operator: Exists, values: [x]}
                      - {key: c, operator: Contains, values: [x]}
                  """))
          .containsExactly(
              "spec.selector.matchLabels.tier: must be a string, not the number 1",
              "spec.selector.matchExpressions[0].values: operator In needs at least one value",
              "spec.selector.matchExpressions[1].values: operator Exists takes no values",
              "spec.selector.matchExpressions[2].operator: unknown operator \"Contains\" (expected"
                  + " In, NotIn, Exists or DoesNotExist)");
    }
  }

  @Nested
  class Types {

    @Test
    void reportsWrongJsonTypes() {
      assertThat(
              problems(
                  """
                  rules: {name: r}
                  masking: [auto]
                  failOpen: {unparseable: "yes", call: 1}
                  guardrails: {rules: [{name: g, operations: DROP}]}
                  """))
          .containsExactly(
              "spec.rules: must be a list, not an object",
              "spec.masking: must be an object, not a list",
              "spec.failOpen.unparseable: must be true or false, not the string \"yes\"",
              "spec.failOpen.call: must be true or false, not the number 1",
              "spec.guardrails.rules[0].operations: must be a list, not the string \"DROP\"");
    }

    @Test
    void maxRowsIsAWholeNumberOfAtLeastOne() {
      String rule = "subjects: [{kind: Group, name: g}]\noperations: [SELECT]\nmaxRows: ";

      assertThat(problems(ruleSpec(rule + "\"100\"")))
          .containsExactly("spec.rules[0].maxRows: must be a whole number, not the string \"100\"");
      assertThat(problems(ruleSpec(rule + "1.5")))
          .containsExactly("spec.rules[0].maxRows: must be a whole number, not the number 1.5");
      assertThat(problems(ruleSpec(rule + "-3")))
          .containsExactly("spec.rules[0].maxRows: must be at least 1");
      assertThat(problems(ruleSpec(rule + "1"))).isEmpty();
    }

    @Test
    void refusesNullListEntries() {
      assertThat(
              problems(ruleSpec("subjects: [{kind: Group, name: g}]\noperations: [SELECT, null]")))
          .containsExactly("spec.rules[0].operations[1]: must not be null");
    }

    @Test
    void refusesEmptySubjectAndOperationLists() {
      assertThat(problems(ruleSpec("subjects: []\noperations: []")))
          .containsExactly(
              "spec.rules[0].subjects: must name at least one subject",
              "spec.rules[0].operations: must name at least one operation");
    }
  }

  @Nested
  class BoundPolicies {

    @Test
    void aValidPolicyFromTheApiServerHasNoProblems() {
      DatabasePolicy policy = PolicyDocuments.parse(ARCHITECTURE_EXAMPLE).policy();
      policy.getMetadata().setNamespace("shop");
      policy.getMetadata().setGeneration(4L);
      policy.getMetadata().setResourceVersion("991");

      assertThat(PolicyValidator.validate(policy)).isEmpty();
    }

    @Test
    void anInvalidPolicyObjectIsReportedLikeADocument() {
      DatabasePolicy policy = PolicyDocuments.parse(MINIMAL).policy();
      PermissionRule rule = new PermissionRule();
      rule.setName("readers");
      rule.setSubjects(List.of(new Subject(SubjectKind.SERVICE_ACCOUNT, "orders")));
      rule.setOperations(List.of("SELECT", "ALL"));
      rule.setMaxRows(0L);
      policy.getSpec().getRules().add(rule);

      assertThat(PolicyValidator.validate(policy).stream().map(PolicyProblem::toString))
          .containsExactly(
              "spec.rules[1].subjects[0].name: invalid ServiceAccount name \"orders\" (write"
                  + " namespace/name)",
              "spec.rules[1].operations: ALL cannot be combined with other operations",
              "spec.rules[1].maxRows: must be at least 1",
              "spec.rules[1].name: duplicate rule name \"readers\" (first used at"
                  + " spec.rules[0].name)");
    }

    @Test
    void validatesASpecAlone() {
      assertThat(
              PolicyValidator.validateSpec(
                  PolicyJson.toTree(PolicyDocuments.parse(MINIMAL).policy().getSpec())))
          .isEmpty();
    }
  }
}
