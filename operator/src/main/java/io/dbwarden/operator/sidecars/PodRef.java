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

  /**
   * The reference written as {@code namespace/name}.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  public static PodRef parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("a pod is namespace/name, not " + text);
    }
    return new PodRef(parts[0], parts[1]);
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
