package io.dbwarden.operator.policy;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Compiles the policies of a namespace into one bundle per workload: the valid policies whose
 * selector matches the pod's labels. Pure and deterministic.
 *
 * <p>A workload that an <em>invalid</em> policy selects gets no new bundle: it is {@link
 * Compiled#held}, and keeps the bundle it had. Leaving the invalid policy out would silently drop
 * its rules from the workload, a bad edit would open access; this way the workload goes on
 * enforcing the last good policies, like a sidecar that refuses a bundle keeps its last good one.
 */
public final class BundleCompiler {

  private BundleCompiler() {}

  /**
   * The bundles of {@code pods}.
   *
   * @param policies the policies of the namespace
   * @param pods the live sidecar pods of the namespace
   * @param valid whether a policy is valid
   */
  public static Compiled compile(
      Collection<DatabasePolicy> policies, Collection<Pod> pods, Predicate<DatabasePolicy> valid) {
    Map<PodRef, PolicyBundle> bundles = new TreeMap<>();
    Map<PodRef, List<String>> held = new TreeMap<>();
    for (Pod pod : pods) {
      List<BundledPolicy> selecting = new ArrayList<>();
      List<String> invalid = new ArrayList<>();
      for (DatabasePolicy policy : policies) {
        if (!selects(policy, pod)) {
          continue;
        }
        if (valid.test(policy)) {
          selecting.add(BundledPolicy.of(policy.getMetadata().getName(), policy.getSpec()));
        } else {
          invalid.add(policy.getMetadata().getName());
        }
      }
      PodRef ref = PodRef.of(pod);
      if (!invalid.isEmpty()) {
        held.put(ref, invalid.stream().sorted().toList());
      } else if (!selecting.isEmpty()) {
        bundles.put(ref, PolicyBundle.of(selecting));
      }
    }
    return new Compiled(bundles, held);
  }

  /** Whether {@code policy} applies to {@code pod}: same namespace, selector matches its labels. */
  public static boolean selects(DatabasePolicy policy, Pod pod) {
    return policy.getSpec() != null
        && policy.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
        && LabelSelectors.matches(policy.getSpec().getSelector(), pod.getMetadata().getLabels());
  }

  /**
   * The outcome for a namespace.
   *
   * @param bundles the new bundle of each pod some valid policy selects (and no invalid one)
   * @param held the pods an invalid policy selects, with the names of the invalid policies
   */
  public record Compiled(Map<PodRef, PolicyBundle> bundles, Map<PodRef, List<String>> held) {

    public Compiled {
      bundles = Map.copyOf(bundles);
      held = Map.copyOf(held);
    }

    /** Every pod with a bundle or held. */
    public Set<PodRef> pods() {
      Set<PodRef> pods = new java.util.TreeSet<>(bundles.keySet());
      pods.addAll(held.keySet());
      return pods;
    }
  }
}
