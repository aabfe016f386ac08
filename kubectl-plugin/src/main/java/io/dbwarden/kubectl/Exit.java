package io.dbwarden.kubectl;

/** The plugin's exit codes, the same for every command. */
public final class Exit {

  /** Done: listed, decided, explained; for {@code explain} of a statement, allowed. */
  public static final int DONE = 0;

  /**
   * Refused: the API server (its RBAC or dbwarden's admission webhook) refused, a grant was already
   * decided; for {@code explain} of a statement, the policy refuses it or holds it for approval.
   */
  public static final int REFUSED = 1;

  /** Bad usage, not found, or no cluster to ask: no kubeconfig, unreachable, CRDs not installed. */
  public static final int FAILED = 2;

  private Exit() {}
}
