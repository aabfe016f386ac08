package io.dbwarden.operator.sidecars;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest a sidecar said about the bundles it was sent.
 *
 * @param pod the sidecar's pod
 * @param acknowledged the bundle version it last accepted and enforces; null before its first ACK
 * @param refused the bundle version it last refused (NACK), keeping the acknowledged one; null when
 *     the latest answer was an ACK
 * @param refusal why it refused {@code refused}
 * @param at when it last reported
 */
public record SidecarReport(
    PodRef pod, String acknowledged, String refused, String refusal, Instant at) {

  public SidecarReport {
    Objects.requireNonNull(pod, "pod must not be null");
    Objects.requireNonNull(at, "at must not be null");
  }

  /** Whether the sidecar enforces bundle {@code version}. */
  public boolean runs(String version) {
    return version != null && version.equals(acknowledged);
  }

  /** Whether the sidecar refused bundle {@code version}. */
  public boolean refused(String version) {
    return version != null && version.equals(refused);
  }
}
