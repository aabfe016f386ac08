package io.dbwarden.operator.policy;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.operator.sidecars.PodRef;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The bundle each workload should enforce, by pod, in memory: what the push stream sends each
 * sidecar. The policy reconciler replaces a namespace's bundles after compiling them; listeners
 * hear of every pod whose bundle changed. After a restart the reconcilers compile the same bundles
 * again (versions are content hashes), except that a pod held by an invalid policy has none until
 * the policy is fixed: its sidecar keeps the last good bundle it stored. Thread-safe.
 */
public final class BundleRegistry {

  private final Map<PodRef, PolicyBundle> bundles = new ConcurrentHashMap<>();
  private final Map<PodRef, List<String>> held = new ConcurrentHashMap<>();
  private final Set<String> compiledNamespaces = ConcurrentHashMap.newKeySet();
  private final List<Consumer<PodRef>> listeners = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} with every pod whose bundle changed, went away, or is held. */
  public void addListener(Consumer<PodRef> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  /** The bundle the sidecar of {@code pod} should enforce, if any policy applies to it. */
  public Optional<PolicyBundle> bundle(PodRef pod) {
    return Optional.ofNullable(bundles.get(pod));
  }

  /** The invalid policies that keep {@code pod} on its previous bundle; empty when none do. */
  public List<String> heldBy(PodRef pod) {
    return held.getOrDefault(pod, List.of());
  }

  /**
   * Whether the policies of {@code namespace} were compiled since the operator started: only then
   * does a pod without a bundle mean that no policy selects it.
   */
  public boolean compiled(String namespace) {
    return compiledNamespaces.contains(namespace);
  }

  /**
   * Makes {@code compiled} the state of {@code namespace}: new bundles replace old ones, held pods
   * keep theirs, pods in neither lose theirs.
   *
   * @return the pods whose bundle changed, or that became held or stopped being held
   */
  public synchronized Set<PodRef> replaceNamespace(
      String namespace, BundleCompiler.Compiled compiled) {
    compiledNamespaces.add(namespace);
    Set<PodRef> changed = new HashSet<>();
    for (PodRef pod : Set.copyOf(bundles.keySet())) {
      if (pod.namespace().equals(namespace)
          && !compiled.bundles().containsKey(pod)
          && !compiled.held().containsKey(pod)) {
        bundles.remove(pod);
        changed.add(pod);
      }
    }
    for (PodRef pod : Set.copyOf(held.keySet())) {
      if (pod.namespace().equals(namespace) && !compiled.held().containsKey(pod)) {
        held.remove(pod);
        changed.add(pod);
      }
    }
    compiled
        .held()
        .forEach(
            (pod, policies) -> {
              if (!policies.equals(held.put(pod, policies))) {
                changed.add(pod);
              }
            });
    compiled
        .bundles()
        .forEach(
            (pod, bundle) -> {
              PolicyBundle previous = bundles.put(pod, bundle);
              if (previous == null || !previous.version().equals(bundle.version())) {
                changed.add(pod);
              }
            });
    changed.forEach(pod -> listeners.forEach(listener -> listener.accept(pod)));
    return changed;
  }
}
