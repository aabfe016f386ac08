package io.dbwarden.operator.sidecars;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/**
 * A pod by namespace and name: the identity of a sidecar.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 */
public record PodRef(String namespace, String name) implements Comparable<PodRef> {

  public PodRef {
    Objects.requireNonNull(namespace, "namespace must not be null");
    Objects.requireNonNull(name, "name must not be null");
  }

  /** The reference of {@code pod}. */
  public static PodRef of(Pod pod) {
    return new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  @Override
  public int compareTo(PodRef other) {
    int byNamespace = namespace.compareTo(other.namespace);
    return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
