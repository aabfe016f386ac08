package io.dbwarden.kubectl.explain;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.Explanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A judged statement for scripts ({@code -o json}): the same facts as the text, with the decision's
 * fields named as in the audit record ({@code action}: allow, deny, approval_required).
 */
final class ExplainJson {

  private ExplainJson() {}

  static Map<String, Object> of(Judged judged) {
    Map<String, Object> json = new LinkedHashMap<>();
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("kind", judged.identity().kind().name());
    identity.put("name", judged.identity().name());
    identity.put("groups", judged.identity().groups());
    json.put("identity", identity);
    List<Map<String, Object>> policies = new ArrayList<>();
    for (DatabasePolicy policy : judged.policies()) {
      Map<String, Object> named = new LinkedHashMap<>();
      named.put("namespace", judged.namespace());
      named.put("name", policy.getMetadata().getName());
      named.put("version", PolicyVersion.of(policy.getSpec()));
      policies.add(named);
    }
    json.put("policies", policies);
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Explanation.StatementSteps statement : judged.explanation().statements()) {
      statements.add(statement(judged, statement));
    }
    json.put("statements", statements);
    Decision decision = judged.decision();
    Map<String, Object> decided = step(decision);
    decided.put("reason", judged.reason());
    if (decision.rewrite() != null) {
      decided.put("rewrite", decision.rewrite());
    }
    json.put("decision", decided);
    return json;
  }

  private static Map<String, Object> statement(
      Judged judged, Explanation.StatementSteps statement) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("text", statement.text());
    json.put("operation", statement.operation());
    json.put("tablesRead", statement.tablesRead());
    json.put("tablesWritten", statement.tablesWritten());
    json.put("columnsRead", statement.columnsRead());
    List<Map<String, Object>> policies = new ArrayList<>();
    for (Explanation.PolicySteps steps : statement.policies()) {
      Map<String, Object> each = new LinkedHashMap<>();
      each.put("policy", steps.policy().name());
      each.put("cannotJudge", step(steps.cannotJudge()));
      each.put("guardrail", step(steps.guardrail()));
      each.put("permission", step(steps.permission()));
      each.put("approval", step(steps.approval()));
      Judged.Masking masking = judged.masking(steps.policy(), statement.columnsRead());
      Map<String, Object> masked = new LinkedHashMap<>();
      masked.put("enabled", masking.enabled());
      masked.put("exempt", masking.exempt());
      masked.put("columns", masking.columns());
      masked.put("automatic", masking.automatic());
      each.put("masking", masked);
      policies.add(each);
    }
    json.put("policies", policies);
    return json;
  }

  /** A step's answer, or null when it had none. */
  private static Map<String, Object> step(Decision step) {
    if (step == null) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("action", step.action().auditName());
    json.put("rule", step.rule());
    json.put("reason", step.reason());
    if (step.rowLimit() != null) {
      json.put("maxRows", step.rowLimit().rows());
      json.put("maxRowsRule", step.rowLimit().rule());
    }
    return json;
  }
}
