package io.dbwarden.operator.policy;

import io.fabric8.kubernetes.api.model.Pod;

/** Which pods count as workloads whose sidecar enforces policies. */
final class PolicyPods {

  private PolicyPods() {}

  /**
   * Whether {@code pod} is, or is about to be, running: not being deleted and not finished. A pod
   * still starting counts, so a policy is Ready only once its sidecar acknowledged.
   */
  static boolean isLive(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }
}
