package io.dbwarden.api.policy;

/**
 * Upper bounds the CRD schema puts on lists and strings. The API server estimates the cost of every
 * CEL rule from the largest object the schema allows and refuses a CRD whose rules could cost too
 * much, so every list a rule runs in, or inside of, has a {@code maxItems}, and every string a rule
 * matches against a pattern has a {@code maxLength}. The bounds are far above what a policy needs.
 */
public final class SchemaLimits {

  /** Entries of an {@code operations} list: each operation at most once, and some slack. */
  public static final long OPERATIONS = 64;

  /** Rules in one list ({@code rules}, {@code guardrails.rules}, {@code approvals.rules}). */
  public static final long RULES = 256;

  /** Subjects of one rule, exempt subjects, approvers. */
  public static final long SUBJECTS = 128;

  /** The name of a subject: user names, e-mail addresses, group names, namespace/name. */
  public static final long SUBJECT_NAME = 320;

  private SchemaLimits() {}
}
