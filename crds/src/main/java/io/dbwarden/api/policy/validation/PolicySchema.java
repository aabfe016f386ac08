package io.dbwarden.api.policy.validation;

import static io.dbwarden.api.policy.validation.Shapes.any;
import static io.dbwarden.api.policy.validation.Shapes.bool;
import static io.dbwarden.api.policy.validation.Shapes.duration;
import static io.dbwarden.api.policy.validation.Shapes.exactly;
import static io.dbwarden.api.policy.validation.Shapes.integer;
import static io.dbwarden.api.policy.validation.Shapes.list;
import static io.dbwarden.api.policy.validation.Shapes.map;
import static io.dbwarden.api.policy.validation.Shapes.matching;
import static io.dbwarden.api.policy.validation.Shapes.nonEmptyList;
import static io.dbwarden.api.policy.validation.Shapes.nonEmptyString;
import static io.dbwarden.api.policy.validation.Shapes.oneOf;
import static io.dbwarden.api.policy.validation.Shapes.string;

import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Engine;
import io.dbwarden.api.policy.GuardrailAction;
import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.Operations;
import io.dbwarden.api.policy.ParameterLogging;
import io.dbwarden.api.policy.PolicyPatterns;
import io.dbwarden.api.policy.SubjectKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a {@code DatabasePolicy} document, field by field. It mirrors the Java types in
 * {@code io.dbwarden.api.policy}; a test binds a document using every field to keep the two in
 * step.
 */
final class PolicySchema {

  private static final String NAME_RULES =
      "use lowercase letters, digits and '-', starting and ending with a letter or digit";

  static final Shape OPERATIONS =
      nonEmptyList(oneOf("operation", operationNames()), "must name at least one operation")
          .with(SpecChecks::allStandsAlone);

  static final Shape TABLES =
      nonEmptyList(
          matching(
              PolicyPatterns.TABLE_GLOB,
              value ->
                  "invalid table pattern \""
                      + value
                      + "\" (write schema.table, with * and ? as wildcards, or * for every"
                      + " table)"),
          "must name at least one table (leave tables out for every table)");

  static final Shape RULE_NAME =
      matching(
          PolicyPatterns.RULE_NAME, value -> "invalid rule name \"" + value + "\": " + NAME_RULES);

  static final Shape SUBJECT =
      ObjectShape.builder()
          .required("kind", oneOf("subject kind", SubjectKind.class))
          .required("name", nonEmptyString())
          .build()
          .with(SpecChecks::serviceAccountName);

  static final Shape LABEL_SELECTOR =
      ObjectShape.builder()
          .optional("matchLabels", map(string()))
          .optional(
              "matchExpressions",
              list(
                  ObjectShape.builder()
                      .required("key", nonEmptyString())
                      .required(
                          "operator",
                          oneOf("operator", List.of("In", "NotIn", "Exists", "DoesNotExist")))
                      .optional("values", list(string()))
                      .build()
                      .with(SpecChecks::selectorValues)))
          .build();

  static final Shape PERMISSION_RULE =
      ObjectShape.builder()
          .required("name", RULE_NAME)
          .required("subjects", nonEmptyList(SUBJECT, "must name at least one subject"))
          .required("operations", OPERATIONS)
          .optional("tables", TABLES)
          .optional("maxRows", integer(1))
          .optional("action", oneOf("action", Action.class))
          .build();

  static final Shape MASKING =
      ObjectShape.builder()
          .optional("auto", bool())
          .optional("exempt", list(SUBJECT))
          .optional(
              "columns",
              list(
                  ObjectShape.builder()
                      .required(
                          "name",
                          matching(
                              PolicyPatterns.COLUMN,
                              value ->
                                  "invalid column \"" + value + "\" (write schema.table.column)"))
                      .optional(
                          "strategy",
                          oneOf("masking strategy", MaskingStrategy.class),
                          "is null: quote it (\"null\") for the null strategy, or leave it out"
                              + " for redact")
                      .build()))
          .build();

  static final Shape GUARDRAILS =
      ObjectShape.builder()
          .optional("preset", oneOf("guardrail preset", GuardrailPreset.class))
          .optional(
              "rules",
              list(
                  ObjectShape.builder()
                      .required("name", RULE_NAME)
                      .required("operations", OPERATIONS)
                      .optional("tables", TABLES)
                      .optional("action", oneOf("guardrail action", GuardrailAction.class))
                      .build()))
          .build();

  static final Shape APPROVALS =
      ObjectShape.builder()
          .optional(
              "rules",
              list(
                  ObjectShape.builder()
                      .required("name", RULE_NAME)
                      .required("operations", OPERATIONS)
                      .optional("tables", TABLES)
                      .build()))
          .optional("approvers", list(SUBJECT))
          .optional("ttl", duration(true))
          .optional("wait", duration(false))
          .build();

  static final Shape FAIL_OPEN =
      ObjectShape.builder()
          .optional("unparseable", bool())
          .optional("unsupported", bool())
          .optional("functionCall", bool())
          .optional("doBlocks", bool())
          .optional("call", bool())
          .optional("dynamicSql", bool())
          .build();

  static final Shape AUDIT =
      ObjectShape.builder()
          .optional("parameters", oneOf("parameters setting", ParameterLogging.class))
          .optional("mode", oneOf("audit mode", AuditMode.class))
          .build();

  static final Shape SPEC =
      ObjectShape.builder()
          .optional("selector", LABEL_SELECTOR)
          .optional("engine", oneOf("engine", Engine.class))
          .optional("defaultAction", oneOf("action", Action.class))
          .optional("rules", list(PERMISSION_RULE))
          .optional("masking", MASKING)
          .optional("guardrails", GUARDRAILS)
          .optional("approvals", APPROVALS)
          .optional("failOpen", FAIL_OPEN)
          .optional("audit", AUDIT)
          .build()
          .with(SpecChecks::uniqueRuleNames)
          .with(SpecChecks::uniqueMaskedColumns)
          .with(SpecChecks::approversForApprovals);

  /** Kubernetes object metadata: only what a policy author writes is checked closely. */
  static final Shape METADATA =
      ObjectShape.builder()
          .required(
              "name",
              matching(
                  PolicyPatterns.OBJECT_NAME,
                  value ->
                      "invalid name \""
                          + value
                          + "\": use lowercase letters, digits, '-' and '.', starting and"
                          + " ending with a letter or digit"))
          .optional(
              "namespace",
              matching(
                  PolicyPatterns.RULE_NAME,
                  value -> "invalid namespace \"" + value + "\": " + NAME_RULES))
          .optional("labels", map(string()))
          .optional("annotations", map(string()))
          .optional("generateName", any())
          .optional("uid", any())
          .optional("resourceVersion", any())
          .optional("generation", any())
          .optional("creationTimestamp", any())
          .optional("deletionTimestamp", any())
          .optional("deletionGracePeriodSeconds", any())
          .optional("finalizers", any())
          .optional("ownerReferences", any())
          .optional("managedFields", any())
          .optional("selfLink", any())
          .build();

  static final Shape DOCUMENT =
      ObjectShape.builder()
          .required("apiVersion", exactly(DatabasePolicy.API_VERSION))
          .required("kind", exactly(DatabasePolicy.KIND))
          .required("metadata", METADATA)
          .required("spec", SPEC)
          // Written by the operator; accepted so `kubectl get -o yaml` output reads back.
          .optional("status", any())
          .build();

  private PolicySchema() {}

  private static List<String> operationNames() {
    List<String> names = new ArrayList<>();
    for (Operation operation : Operation.values()) {
      names.add(operation.name());
    }
    names.add(Operations.ALL);
    return List.copyOf(names);
  }
}
