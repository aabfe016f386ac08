package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.api.policy.AuditSettings;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.Durations;
import io.dbwarden.api.policy.GuardrailAction;
import io.dbwarden.api.policy.MaskedColumn;
import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.api.policy.ParameterLogging;
import io.dbwarden.api.policy.PolicyVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a validated {@link DatabasePolicy} into the form the decision step evaluates. */
public final class PolicyCompiler {

  private PolicyCompiler() {}

  public static CompiledPolicy compile(DatabasePolicy policy) {
    DatabasePolicySpec spec = policy.getSpec();
    List<PermissionRule> rules =
        spec.getRules().stream()
            .map(
                r ->
                    new PermissionRule(
                        r.getName(),
                        subjects(r.getSubjects()),
                        RuleScope.of(r.getOperations(), r.getTables()),
                        r.getMaxRows() == null ? 0 : r.getMaxRows(),
                        r.getAction() == io.dbwarden.api.policy.Action.DENY))
            .toList();
    List<GuardrailRule> guardrails =
        spec.getGuardrails().getRules().stream()
            .map(
                g ->
                    new GuardrailRule(
                        g.getName(),
                        RuleScope.of(g.getOperations(), g.getTables()),
                        g.getAction() == GuardrailAction.REQUIRE_APPROVAL))
            .toList();
    io.dbwarden.api.policy.FailOpen open = spec.getFailOpen();
    AuditSettings audit = spec.getAudit() == null ? new AuditSettings() : spec.getAudit();
    return new CompiledPolicy(
        policy.getMetadata().getName(),
        PolicyVersion.of(spec),
        spec.getDefaultAction() == io.dbwarden.api.policy.Action.ALLOW,
        rules,
        spec.getGuardrails().getPreset(),
        guardrails,
        new FailOpen(
            isTrue(open.getUnparseable()),
            isTrue(open.getUnsupported()),
            isTrue(open.getFunctionCall()),
            isTrue(open.getDoBlocks()),
            isTrue(open.getCall()),
            isTrue(open.getDynamicSql())),
        masking(spec.getMasking()),
        audit.getParameters() == ParameterLogging.INCLUDE,
        audit.getMode() == null ? AuditMode.STRICT : audit.getMode(),
        approvals(spec.getApprovals()));
  }

  private static ApprovalPolicy approvals(io.dbwarden.api.policy.Approvals approvals) {
    if (approvals == null) {
      return ApprovalPolicy.NONE;
    }
    return new ApprovalPolicy(
        approvals.getRules().stream()
            .map(
                r ->
                    new GuardrailRule(
                        r.getName(), RuleScope.of(r.getOperations(), r.getTables()), true))
            .toList(),
        subjects(approvals.getApprovers()),
        Durations.parse(approvals.getTtl()),
        Durations.parse(approvals.getWait()));
  }

  private static MaskingRules masking(io.dbwarden.api.policy.Masking masking) {
    if (masking == null) {
      return MaskingRules.automatic();
    }
    Map<String, MaskingStrategy> columns = new LinkedHashMap<>();
    for (MaskedColumn column : masking.getColumns()) {
      columns.put(
          column.getName(),
          column.getStrategy() == null ? MaskingStrategy.REDACT : column.getStrategy());
    }
    return new MaskingRules(
        !Boolean.FALSE.equals(masking.getAuto()),
        subjects(masking.getExempt()),
        columns,
        MaskingRules.PROCESS_KEY);
  }

  private static List<Subject> subjects(List<io.dbwarden.api.policy.Subject> subjects) {
    return subjects.stream().map(s -> new Subject(s.getKind(), s.getName())).toList();
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
