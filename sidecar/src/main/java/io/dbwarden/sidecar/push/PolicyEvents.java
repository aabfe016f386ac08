package io.dbwarden.sidecar.push;

import io.dbwarden.sidecar.policy.PolicySet;
import java.util.List;

/** Where a pushed policy's changes are recorded: audit, metrics and readiness. */
public interface PolicyEvents {

  /** {@code policies} are in force, from {@code source}. */
  void loaded(PolicySet policies, String source);

  /** A bundle from {@code source} was refused; what was in force stays. */
  void rejected(String source, List<String> problems);

  /** No policy selects the pod any more: every statement is refused. */
  void cleared(String source);
}
