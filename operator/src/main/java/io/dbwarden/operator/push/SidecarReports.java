package io.dbwarden.operator.push;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.sidecars.AuditCounts;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a sidecar said, into a registry: the one translation for reports that arrive on the
 * sidecar's own stream and for those another replica relays.
 */
final class SidecarReports {

  private SidecarReports() {}

  /**
   * Records {@code message} from the sidecar of {@code pod}.
   *
   * @throws IllegalArgumentException if it is not something a sidecar reports, or is malformed
   */
  static void apply(SidecarRegistry registry, PodRef pod, StreamMessage message) {
    if (message instanceof StreamMessage.Hello hello) {
      if (hello.version() != null) {
        // What it kept on disk is what it enforces, whether or not it is still current.
        registry.acknowledged(pod, hello.version());
      }
    } else if (message instanceof StreamMessage.Ack ack) {
      registry.acknowledged(pod, ack.version());
    } else if (message instanceof StreamMessage.Nack nack) {
      registry.refused(pod, nack.version(), nack.error());
    } else if (message instanceof StreamMessage.AuditSummary summary) {
      registry.audit(pod, summary.policy(), counts(summary));
    } else {
      throw new IllegalArgumentException(
          "a sidecar does not send " + message.getClass().getSimpleName());
    }
  }

  private static AuditCounts counts(StreamMessage.AuditSummary summary) {
    Instant lastDenied;
    try {
      lastDenied = summary.lastDenied() == null ? null : Instant.parse(summary.lastDenied());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("lastDenied is not RFC 3339: " + summary.lastDenied(), e);
    }
    return new AuditCounts(summary.statements(), summary.denied(), summary.masked(), lastDenied);
  }
}
