package io.dbwarden.api.policy;

/** Policy documents the tests share. */
public final class PolicyTestDocuments {

  /** The DatabasePolicy of ARCHITECTURE.md, made a whole document. */
  public static final String ARCHITECTURE_EXAMPLE =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata:
        name: orders
      spec:
        selector: {matchLabels: {app: orders}}      # the injected workloads / gateways that enforce it
        engine: postgres                            # postgres | mysql
        defaultAction: deny                         # for statements no rule allows
        rules:                                      # identity-based permissions
          - name: analysts
            subjects: [{kind: Group, name: analysts}]
            operations: [SELECT]
            tables: ["public.orders", "public.customers"]
            maxRows: 10000
        masking:
          auto: true                                # classify columns without configuration
          exempt: [{kind: Group, name: support-leads}]
          columns: [{name: public.customers.email, strategy: partial}]   # redact|partial|hash|null|none
        guardrails:
          preset: default                           # default | strict | none
          rules: [{name: no-alter, operations: [ALTER], action: deny}]   # deny | requireApproval
        approvals:
          rules: [{name: customer-writes, operations: [UPDATE, DELETE], tables: ["public.customers"]}]
          approvers: [{kind: Group, name: dba}]
          ttl: 1h
      """;

  /** The smallest valid policy: everything else is a default. */
  public static final String MINIMAL =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata:
        name: minimal
      spec:
        rules:
          - name: readers
            subjects: [{kind: Group, name: readers}]
            operations: [SELECT]
      """;

  /** {@link #MINIMAL} with every default spelt out. */
  public static final String MINIMAL_WITH_DEFAULTS =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata:
        name: minimal
      spec:
        engine: postgres
        defaultAction: deny
        rules:
          - name: readers
            subjects: [{kind: Group, name: readers}]
            operations: [SELECT]
            tables: ["*"]
            action: allow
        masking: {auto: true, exempt: [], columns: []}
        guardrails: {preset: default, rules: []}
        approvals: {rules: [], approvers: [], ttl: 1h, wait: 0s}
        failOpen:
          unparseable: false
          unsupported: false
          functionCall: false
          doBlocks: false
          call: false
          dynamicSql: false
        audit: {parameters: redact, mode: strict}
      """;

  private PolicyTestDocuments() {}

  /** A whole document around a spec written at the left margin. */
  public static String withSpec(String spec) {
    return """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: test
        spec:
        """
        + spec.indent(2);
  }
}
