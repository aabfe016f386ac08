package io.dbwarden.api.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Subject;
import java.util.List;
import java.util.Objects;

/**
 * One message of the push stream, written as a JSON object whose {@code type} says which:
 *
 * <ul>
 *   <li>sidecar to operator: {@link Hello} first, then {@link Ack} or {@link Nack} for every
 *       bundle, and {@link AuditSummary} now and then; for approvals {@link RequestGrant} for a
 *       statement held for approval, {@link ClaimExecution} before it runs under a statement grant,
 *       {@link ExecutionDone} after it ran, and {@link EstimatedRows};
 *   <li>operator to sidecar: {@link Bundle}, whenever the pod's bundle changes and once after hello
 *       unless the sidecar already enforces it; {@link Grants} with every grant of the pod's
 *       policies after each bundle, {@link GrantChanged} and {@link GrantRemoved} as they change,
 *       and the answers {@link GrantReply} and {@link ClaimReply};
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
  @JsonSubTypes.Type(value = StreamMessage.Gone.class, name = "gone"),
  @JsonSubTypes.Type(value = StreamMessage.RequestGrant.class, name = "grant-request"),
  @JsonSubTypes.Type(value = StreamMessage.GrantReply.class, name = "grant-reply"),
  @JsonSubTypes.Type(value = StreamMessage.ClaimExecution.class, name = "claim"),
  @JsonSubTypes.Type(value = StreamMessage.ClaimReply.class, name = "claim-reply"),
  @JsonSubTypes.Type(value = StreamMessage.ExecutionDone.class, name = "executed"),
  @JsonSubTypes.Type(value = StreamMessage.EstimatedRows.class, name = "estimate"),
  @JsonSubTypes.Type(value = StreamMessage.Grants.class, name = "grants"),
  @JsonSubTypes.Type(value = StreamMessage.GrantChanged.class, name = "grant"),
  @JsonSubTypes.Type(value = StreamMessage.GrantRemoved.class, name = "grant-removed")
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

  /**
   * A statement is held for approval: the operator finds the open AccessGrant for this request or
   * creates one, and answers with {@link GrantReply}.
   *
   * @param ref the sidecar's reference, repeated in the answer
   * @param name the name derived from the request (requester, database, statement and values): the
   *     same for a retried request, so a retry never makes a second grant
   * @param policy the policy whose rule holds it, in the pod's namespace
   * @param rule that rule
   * @param subject who runs it
   * @param statement the statement as the client sent it
   * @param parameters the values bound to its parameters, in order
   * @param operation its operation (DELETE, UPDATE, ...)
   * @param tables the tables it writes and reads
   * @param reason from the client's leading {@code reason:} comment, or null
   * @param database the database it runs in
   */
  record RequestGrant(
      String ref,
      String name,
      String policy,
      String rule,
      Subject subject,
      String statement,
      List<String> parameters,
      String operation,
      List<String> tables,
      String reason,
      String database)
      implements StreamMessage {
    public RequestGrant {
      Objects.requireNonNull(ref, "ref must not be null");
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(policy, "policy must not be null");
      Objects.requireNonNull(subject, "subject must not be null");
      Objects.requireNonNull(statement, "statement must not be null");
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /**
   * The answer to {@link RequestGrant}: the grant, or why there is none.
   *
   * @param grant the grant, null when {@code error} says why not
   */
  record GrantReply(String ref, GrantView grant, String error) implements StreamMessage {
    public GrantReply {
      Objects.requireNonNull(ref, "ref must not be null");
    }
  }

  /**
   * The sidecar is about to run a statement under the statement grant {@code grant}: the operator
   * records the execution in the grant's status first, so that no two sidecars run the last one.
   */
  record ClaimExecution(String ref, String grant) implements StreamMessage {
    public ClaimExecution {
      Objects.requireNonNull(ref, "ref must not be null");
      Objects.requireNonNull(grant, "grant must not be null");
    }
  }

  /**
   * The answer to {@link ClaimExecution}.
   *
   * @param at when the execution was recorded (RFC 3339), to be named in {@link ExecutionDone}
   * @param error why the claim was refused; null when granted
   */
  record ClaimReply(String ref, boolean granted, String at, String error) implements StreamMessage {
    public ClaimReply {
      Objects.requireNonNull(ref, "ref must not be null");
    }
  }

  /**
   * A statement ran under {@code grant}.
   *
   * @param at the claimed execution's time from {@link ClaimReply}; null for a scope grant, whose
   *     executions are not claimed
   * @param rows rows returned or affected
   * @param sqlstate the SQLSTATE of an error, null on success
   */
  record ExecutionDone(String grant, String at, long rows, String sqlstate)
      implements StreamMessage {
    public ExecutionDone {
      Objects.requireNonNull(grant, "grant must not be null");
    }
  }

  /** The planner expects the statement of {@code grant} to touch {@code rows} rows. */
  record EstimatedRows(String grant, long rows) implements StreamMessage {
    public EstimatedRows {
      Objects.requireNonNull(grant, "grant must not be null");
    }
  }

  /** Every grant of the pod's policies in its namespace, replacing what the sidecar knew. */
  record Grants(List<GrantView> grants) implements StreamMessage {
    public Grants {
      grants = grants == null ? List.of() : List.copyOf(grants);
    }
  }

  /** A grant of the pod's policies was created or changed. */
  record GrantChanged(GrantView grant) implements StreamMessage {
    public GrantChanged {
      Objects.requireNonNull(grant, "grant must not be null");
    }
  }

  /** A grant was deleted. */
  record GrantRemoved(String name) implements StreamMessage {
    public GrantRemoved {
      Objects.requireNonNull(name, "name must not be null");
    }
  }
}
