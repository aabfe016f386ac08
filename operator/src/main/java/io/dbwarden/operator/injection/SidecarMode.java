package io.dbwarden.operator.injection;

import java.util.Locale;

/** How the sidecar runs in the pod. */
public enum SidecarMode {
  /**
   * A native sidecar (Kubernetes 1.29+): an init container with {@code restartPolicy: Always}. The
   * kubelet starts the app containers only once its startup probe passes, so the app never runs
   * ungoverned, and the sidecar outlives them at shutdown.
   */
  NATIVE,
  /**
   * A regular container, for clusters before 1.29. The app may start before the sidecar is ready
   * and must retry its first connection.
   */
  CONTAINER;

  /** The mode named {@code value} ({@code native} or {@code container}). */
  public static SidecarMode parse(String value) {
    for (SidecarMode mode : values()) {
      if (mode.annotationValue().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not native or container");
  }

  /** The name annotations and flags use. */
  public String annotationValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
