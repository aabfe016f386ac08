package io.dbwarden.operator.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.operator.status.Conditions;
import io.dbwarden.operator.webhook.AdmissionController;
import io.dbwarden.operator.webhook.AdmissionRequest;
import io.dbwarden.operator.webhook.AdmissionRequest.UserInfo;
import io.dbwarden.operator.webhook.AdmissionResponse;
import io.dbwarden.operator.webhook.JsonPatch;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating webhook on UPDATE of {@code accessgrants/status}: the one place a decision is taken.
 * When a request changes {@code status.decision} it is refused if the grant already holds a
 * decision (decisions are final), if the user is the grant's subject (nobody decides their own
 * grant), or if the user is not among the approvers of the policy the grant names (or the policy
 * does not exist); otherwise it is allowed with a patch stamping {@code status.decidedBy} with the
 * user and {@code status.decidedAt} with the time, whatever the client wrote there. {@link
 * GrantPhaseMachine} ignores a decision without that stamp.
 *
 * <p>A request that leaves the decision as it is goes through untouched (the operator's own status
 * writes are such requests), except that an existing stamp cannot be rewritten or a decision
 * removed: the old values are patched back in, so that nothing, the operator's own writes from a
 * stale copy included, is ever refused for it.
 *
 * @see <a
 *     href="https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request">AdmissionReview
 *     request</a>
 */
public final class GrantDecisions implements AdmissionController {

  /** The path the MutatingWebhookConfiguration sends {@code accessgrants/status} updates to. */
  public static final String PATH = "/grant-decisions";

  private static final Logger LOG = LoggerFactory.getLogger(GrantDecisions.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final KubernetesClient client;
  private final Clock clock;

  public GrantDecisions(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  @Override
  public AdmissionResponse review(AdmissionRequest request) {
    if (!"AccessGrant".equals(request.kind()) || !"UPDATE".equals(request.operation())) {
      return AdmissionResponse.allow();
    }
    JsonNode oldStatus = request.oldObject().path("status");
    JsonNode newStatus = request.object().path("status");
    String oldDecision = text(oldStatus, "decision");
    String newDecision = text(newStatus, "decision");
    String name = request.object().path("metadata").path("name").asText("");

    if (Objects.equals(oldDecision, newDecision) || newDecision == null) {
      return keepStamp(oldStatus, newStatus);
    }
    if (oldDecision != null) {
      return AdmissionResponse.deny(
          "dbwarden: AccessGrant "
              + name
              + " was already decided ("
              + oldDecision
              + " by "
              + text(oldStatus, "decidedBy")
              + "); a decision is final, create a new grant instead");
    }

    UserInfo user = request.user();
    AccessGrantSpec spec;
    try {
      spec = SERIALIZATION.convertValue(request.object().path("spec"), AccessGrantSpec.class);
    } catch (IllegalArgumentException e) {
      return AdmissionResponse.deny(
          "dbwarden: the spec of AccessGrant " + name + " cannot be read, so it cannot be decided");
    }
    if (isRequester(spec.getSubject(), user)) {
      return AdmissionResponse.deny(
          "dbwarden: "
              + user.username()
              + " requested AccessGrant "
              + name
              + " and may not decide it; ask one of the policy's approvers");
    }
    String namespace =
        request.namespace() != null
            ? request.namespace()
            : request.object().path("metadata").path("namespace").asText("");
    DatabasePolicy policy;
    try {
      policy =
          spec.getPolicy() == null
              ? null
              : client
                  .resources(DatabasePolicy.class)
                  .inNamespace(namespace)
                  .withName(spec.getPolicy())
                  .get();
    } catch (KubernetesClientException e) {
      LOG.warn("cannot read DatabasePolicy {}/{}: {}", namespace, spec.getPolicy(), e.getMessage());
      return AdmissionResponse.deny(
          "dbwarden: the operator cannot read DatabasePolicy "
              + namespace
              + "/"
              + spec.getPolicy()
              + " to check its approvers (HTTP "
              + e.getCode()
              + "); try again, or grant the operator get on databasepolicies there");
    }
    if (policy == null) {
      return AdmissionResponse.deny(
          "dbwarden: DatabasePolicy "
              + namespace
              + "/"
              + spec.getPolicy()
              + " named by AccessGrant "
              + name
              + " does not exist, so nobody may decide the grant");
    }
    List<Subject> approvers =
        policy.getSpec() == null || policy.getSpec().getApprovals() == null
            ? List.of()
            : policy.getSpec().getApprovals().getApprovers();
    if (approvers == null || approvers.stream().noneMatch(a -> isSubject(a, user))) {
      return AdmissionResponse.deny(
          "dbwarden: "
              + user.username()
              + " is not an approver of DatabasePolicy "
              + namespace
              + "/"
              + spec.getPolicy()
              + " (spec.approvals.approvers), so may not decide AccessGrant "
              + name);
    }
    // add replaces a member that exists: whatever the client wrote there goes.
    return AdmissionResponse.patch(
        new JsonPatch()
            .add(JsonPatch.pointer("status", "decidedBy"), TextNode.valueOf(user.username()))
            .add(
                JsonPatch.pointer("status", "decidedAt"),
                TextNode.valueOf(Conditions.timestamp(clock.instant()))));
  }

  /**
   * A request leaving the decision alone: untouched, unless it drops the decision or changes the
   * stamp of one already taken, which are put back.
   */
  private static AdmissionResponse keepStamp(JsonNode oldStatus, JsonNode newStatus) {
    if (text(oldStatus, "decision") == null) {
      return AdmissionResponse.allow();
    }
    JsonNode decision = oldStatus.path("decision");
    JsonNode decidedBy = oldStatus.path("decidedBy");
    JsonNode decidedAt = oldStatus.path("decidedAt");
    if (decision.equals(newStatus.path("decision"))
        && decidedBy.equals(newStatus.path("decidedBy"))
        && decidedAt.equals(newStatus.path("decidedAt"))) {
      return AdmissionResponse.allow();
    }
    JsonPatch patch = new JsonPatch();
    if (!newStatus.isObject()) {
      patch.add(JsonPatch.pointer("status"), JsonNodeFactory.instance.objectNode());
    }
    patch.add(JsonPatch.pointer("status", "decision"), decision);
    if (!decidedBy.isMissingNode()) {
      patch.add(JsonPatch.pointer("status", "decidedBy"), decidedBy);
    }
    if (!decidedAt.isMissingNode()) {
      patch.add(JsonPatch.pointer("status", "decidedAt"), decidedAt);
    }
    return new AdmissionResponse(
        true,
        null,
        patch.operations(),
        List.of("dbwarden: a decision and its stamp cannot be changed; they were kept"));
  }

  /**
   * Whether {@code user} is the grant's subject: the user, or the service account. A grant for a
   * group is not any one member's own request, so members of the group may decide it if they are
   * approvers.
   */
  static boolean isRequester(Subject subject, UserInfo user) {
    return subject != null && subject.getKind() != SubjectKind.GROUP && isSubject(subject, user);
  }

  /** Whether {@code user} is who {@code subject} names. */
  static boolean isSubject(Subject subject, UserInfo user) {
    if (subject.getKind() == null || subject.getName() == null) {
      return false;
    }
    return switch (subject.getKind()) {
      case USER -> subject.getName().equals(user.username());
      case GROUP -> user.groups().contains(subject.getName());
      case SERVICE_ACCOUNT -> serviceAccountUser(subject).equals(user.username());
    };
  }

  /** {@code system:serviceaccount:NS:NAME} for a subject named {@code NS/NAME}. */
  private static String serviceAccountUser(Subject subject) {
    return SERVICE_ACCOUNT_PREFIX + subject.getName().replace('/', ':');
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
