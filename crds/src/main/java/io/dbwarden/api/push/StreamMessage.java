package io.dbwarden.api.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dbwarden.api.bundle.PolicyBundle;
import java.util.Objects;

/**
 * One message of the push stream, written as a JSON object whose {@code type} says which:
 *
 * <ul>
 *   <li>sidecar to operator: {@link Hello} first, then {@link Ack} or {@link Nack} for every
 *       bundle, and {@link AuditSummary} now and then;
 *   <li>operator to sidecar: {@link Bundle}, whenever the pod's bundle changes and once after hello
 *       unless the sidecar already enforces it;
 *   <li>operator replica to the leader ({@link PushProtocol#REPLICAS_PATH}): {@link Relayed} with
 *       what a sidecar connected to the replica said, and {@link Gone} when its stream closed.
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StreamMessage.Hello.class, name = "hello"),
  @JsonSubTypes.Type(value = StreamMessage.Bundle.class, name = "bundle"),
  @JsonSubTypes.Type(value = StreamMessage.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = StreamMessage.Nack.class, name = "nack"),
  @JsonSubTypes.Type(value = StreamMessage.AuditSummary.class, name = "audit"),
  @JsonSubTypes.Type(value = StreamMessage.Relayed.class, name = "relay"),
  @JsonSubTypes.Type(value = StreamMessage.Gone.class, name = "gone")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface StreamMessage {

  /**
   * The sidecar's first message.
   *
   * @param version the bundle version it enforces (kept on disk from an earlier stream); null when
   *     it has none
   */
  record Hello(String version) implements StreamMessage {}

  /**
   * What the sidecar's pod should enforce from now on.
   *
   * @param bundle the bundle, with its version
   */
  record Bundle(PolicyBundle bundle) implements StreamMessage {
    public Bundle {
      Objects.requireNonNull(bundle, "bundle must not be null");
    }
  }

  /**
   * The sidecar enforces bundle {@code version} now.
   *
   * @param version the bundle's version
   */
  record Ack(String version) implements StreamMessage {
    public Ack {
      Objects.requireNonNull(version, "version must not be null");
    }
  }

  /**
   * The sidecar refused bundle {@code version} and keeps enforcing the one it had.
   *
   * @param version the refused bundle's version
   * @param error why, for the policy's status
   */
  record Nack(String version, String error) implements StreamMessage {
    public Nack {
      Objects.requireNonNull(version, "version must not be null");
      Objects.requireNonNull(error, "error must not be null");
    }
  }

  /**
   * Counts since the sidecar's previous summary for one policy.
   *
   * @param policy the policy's name, in the pod's namespace
   * @param statements statements judged
   * @param denied statements refused
   * @param masked values masked
   * @param lastDenied when a statement was last refused (RFC 3339); null if none was since the
   *     previous summary
   */
  record AuditSummary(String policy, long statements, long denied, long masked, String lastDenied)
      implements StreamMessage {
    public AuditSummary {
      Objects.requireNonNull(policy, "policy must not be null");
      if (statements < 0 || denied < 0 || masked < 0) {
        throw new IllegalArgumentException("audit counts must not be negative");
      }
    }
  }

  /**
   * What the sidecar of {@code pod} said to a replica that is not the leader, passed on to the
   * leader, which alone writes status.
   *
   * @param pod the sidecar's pod, {@code namespace/name}
   * @param message its hello, ACK, NACK or audit summary
   */
  record Relayed(String pod, StreamMessage message) implements StreamMessage {
    public Relayed {
      Objects.requireNonNull(pod, "pod must not be null");
      Objects.requireNonNull(message, "message must not be null");
    }
  }

  /**
   * The stream of the sidecar of {@code pod} to a replica closed.
   *
   * @param pod the sidecar's pod, {@code namespace/name}
   */
  record Gone(String pod) implements StreamMessage {
    public Gone {
      Objects.requireNonNull(pod, "pod must not be null");
    }
  }
}
