package io.dbwarden.api.policy;

/**
 * The regular expressions policy fields must match, shared by the CRD schema annotations and the
 * {@link io.dbwarden.api.policy.validation.PolicyValidator}. They are strings so annotations can
 * use them.
 */
public final class PolicyPatterns {

  /** A rule name: a DNS-1123 label, because rule names appear in client errors and metrics. */
  public static final String RULE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** {@code schema.table} where either part may use {@code *} and {@code ?}, or {@code *} alone. */
  public static final String TABLE_GLOB = "^(\\*|[A-Za-z0-9_$*?]+\\.[A-Za-z0-9_$*?]+)$";

  /** {@code schema.table.column}. */
  public static final String COLUMN =
      "^[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*$";

  /** A Go-style duration: one or more number-unit pairs, units ms, s, m, h and d. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h|d))+$";

  /** A ServiceAccount subject: {@code namespace/name}. */
  public static final String SERVICE_ACCOUNT =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  private PolicyPatterns() {}
}
