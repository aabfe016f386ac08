package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.policy.Operations;
import io.dbwarden.api.policy.PolicyPatterns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rules that span fields. Each runs on a node of the right JSON type whose children may still be
 * wrong, so each reads defensively and leaves type problems to the shapes.
 */
final class SpecChecks {

  private static final Pattern SERVICE_ACCOUNT = Pattern.compile(PolicyPatterns.SERVICE_ACCOUNT);

  /** The lists whose entries carry a rule name; names are unique across all of them. */
  private static final List<List<String>> RULE_LISTS =
      List.of(List.of("rules"), List.of("guardrails", "rules"), List.of("approvals", "rules"));

  private SpecChecks() {}

  /**
   * Rule names are unique across permissions, guardrails and approvals, because a refusal names the
   * rule and must point at one place.
   */
  static void uniqueRuleNames(JsonNode spec, String path, Problems problems) {
    Map<String, String> firstSeen = new HashMap<>();
    for (List<String> location : RULE_LISTS) {
      JsonNode rules = spec;
      String rulesPath = path;
      for (String field : location) {
        rules = rules.path(field);
        rulesPath = FieldPaths.field(rulesPath, field);
      }
      if (!rules.isArray()) {
        continue;
      }
      for (int i = 0; i < rules.size(); i++) {
        JsonNode name = rules.get(i).path("name");
        if (!name.isTextual()) {
          continue;
        }
        String namePath = FieldPaths.field(FieldPaths.index(rulesPath, i), "name");
        String first = firstSeen.putIfAbsent(name.textValue(), namePath);
        if (first != null) {
          problems.add(
              namePath,
              "duplicate rule name \"" + name.textValue() + "\" (first used at " + first + ")");
        }
      }
    }
  }

  /** A column listed twice would have two strategies and no way to tell which one wins. */
  static void uniqueMaskedColumns(JsonNode spec, String path, Problems problems) {
    JsonNode columns = spec.path("masking").path("columns");
    if (!columns.isArray()) {
      return;
    }
    String columnsPath = FieldPaths.field(FieldPaths.field(path, "masking"), "columns");
    Map<String, String> firstSeen = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      JsonNode name = columns.get(i).path("name");
      if (!name.isTextual()) {
        continue;
      }
      String namePath = FieldPaths.field(FieldPaths.index(columnsPath, i), "name");
      String first = firstSeen.putIfAbsent(name.textValue(), namePath);
      if (first != null) {
        problems.add(
            namePath,
            "duplicate column \"" + name.textValue() + "\" (first listed at " + first + ")");
      }
    }
  }

  /** Approval rules nobody may approve would block their statements for good. */
  static void approversForApprovals(JsonNode spec, String path, Problems problems) {
    JsonNode approvals = spec.path("approvals");
    JsonNode rules = approvals.path("rules");
    JsonNode approvers = approvals.path("approvers");
    boolean noApprovers =
        approvers.isMissingNode()
            || approvers.isNull()
            || (approvers.isArray() && approvers.isEmpty());
    if (rules.isArray() && !rules.isEmpty() && noApprovers) {
      problems.add(
          FieldPaths.field(FieldPaths.field(path, "approvals"), "approvers"),
          "approval rules need at least one approver");
    }
  }

  /** {@code ALL} already means everything; next to other names it is a sign of confusion. */
  static void allStandsAlone(JsonNode operations, String path, Problems problems) {
    if (operations.size() < 2) {
      return;
    }
    for (JsonNode operation : operations) {
      if (operation.isTextual() && Operations.ALL.equals(operation.textValue())) {
        problems.add(path, "ALL cannot be combined with other operations");
        return;
      }
    }
  }

  /** Service accounts are namespaced, and their identity carries the namespace. */
  static void serviceAccountName(JsonNode subject, String path, Problems problems) {
    JsonNode name = subject.path("name");
    if ("ServiceAccount".equals(subject.path("kind").textValue())
        && name.isTextual()
        && !name.textValue().isBlank()
        && !SERVICE_ACCOUNT.matcher(name.textValue()).matches()) {
      problems.add(
          FieldPaths.field(path, "name"),
          "invalid ServiceAccount name \"" + name.textValue() + "\" (write namespace/name)");
    }
  }

  /** As Kubernetes has it: In and NotIn need values, Exists and DoesNotExist take none. */
  static void selectorValues(JsonNode expression, String path, Problems problems) {
    String operator = expression.path("operator").textValue();
    JsonNode values = expression.path("values");
    boolean hasValues = values.isArray() && !values.isEmpty();
    String valuesPath = FieldPaths.field(path, "values");
    if (("In".equals(operator) || "NotIn".equals(operator)) && !hasValues) {
      problems.add(valuesPath, "operator " + operator + " needs at least one value");
    } else if (("Exists".equals(operator) || "DoesNotExist".equals(operator)) && hasValues) {
      problems.add(valuesPath, "operator " + operator + " takes no values");
    }
  }
}
