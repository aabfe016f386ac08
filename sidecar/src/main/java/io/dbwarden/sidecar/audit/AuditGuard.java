package io.dbwarden.sidecar.audit;

import io.dbwarden.api.policy.AuditMode;
import java.util.Objects;

/**
 * The audit sink as the proxy uses it, with the mode that says what a failing sink does to traffic.
 * In {@link AuditMode#STRICT} a statement goes to the database only while the sink writes and its
 * intent record was accepted; otherwise it is refused. In {@link AuditMode#BEST_EFFORT} traffic
 * goes on and lost records are counted.
 *
 * <p>The mode in force is the stricter of the configured one ({@code --audit-mode}) and the
 * policy's {@code spec.audit.mode}: a flag cannot weaken what the policy asks for, and the policy
 * cannot weaken what the deployment asks for.
 */
public final class AuditGuard {

  private final AuditSink sink;
  private final AuditMode configured;
  private volatile AuditMode policy = AuditMode.BEST_EFFORT;

  public AuditGuard(AuditSink sink, AuditMode configured) {
    this.sink = Objects.requireNonNull(sink, "sink must not be null");
    this.configured = Objects.requireNonNull(configured, "configured must not be null");
  }

  public AuditSink sink() {
    return sink;
  }

  /** The policy in force changed its {@code spec.audit.mode}. */
  public void policyMode(AuditMode mode) {
    this.policy = mode == null ? AuditMode.STRICT : mode;
  }

  public AuditMode configuredMode() {
    return configured;
  }

  /** The mode in force. */
  public AuditMode mode() {
    return configured == AuditMode.STRICT || policy == AuditMode.STRICT
        ? AuditMode.STRICT
        : AuditMode.BEST_EFFORT;
  }

  public boolean strict() {
    return mode() == AuditMode.STRICT;
  }

  /**
   * Null when a new statement may go to the database; otherwise why it may not: in strict mode, the
   * sink's failure.
   */
  public String blocked() {
    if (!strict()) {
      return null;
    }
    return sink.failure();
  }
}
