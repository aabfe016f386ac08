package io.dbwarden.operator.grant;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.policy.Timestamps;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a sidecar's request for approval into an {@code AccessGrant} in the pod's namespace. The
 * grant is named after the request (a retried request finds the grant it made, however often and
 * from however many pods), labelled with its subject, policy and request so that {@code kubectl get
 * ag -l dbwarden.io/subject=alice.example.com} lists someone's grants, and owned by its policy, so
 * deleting the policy deletes its grants. A request whose grant ended (expired, executed, or a
 * denial that has stood as long as a request would) makes a new grant, named {@code NAME-2}, {@code
 * NAME-3}, ...
 */
public final class GrantRequests {

  /** The grant's subject, as a label value ({@link #labelValue}). */
  public static final String SUBJECT_LABEL = "dbwarden.io/subject";

  /** The grant's policy. */
  public static final String POLICY_LABEL = "dbwarden.io/policy";

  /** The request every grant for the same statement, values and requester shares. */
  public static final String REQUEST_LABEL = "dbwarden.io/request";

  /** The pod whose sidecar asked, {@code namespace/name}. */
  public static final String REQUESTED_BY_ANNOTATION = "dbwarden.io/requested-by";

  private static final Logger LOG = LoggerFactory.getLogger(GrantRequests.class);
  private static final Pattern REQUEST_NAME = Pattern.compile("dbw-[0-9a-f]{12}");
  private static final Pattern NOT_IN_LABEL = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int LABEL_VALUE_MAX = 63;
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final Clock clock;

  public GrantRequests(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** A request the operator does not take, with the reason the sidecar passes on. */
  public static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The open grant for {@code ask}, created if there is none.
   *
   * @param pod the pod whose sidecar asks
   * @param podPolicies the policies the pod enforces: a sidecar asks only under those
   * @throws RefusedException if the request is malformed or not the pod's to make
   */
  public GrantView request(
      PodRef pod, Collection<String> podPolicies, StreamMessage.RequestGrant ask) {
    if (!REQUEST_NAME.matcher(ask.name()).matches()) {
      throw new RefusedException("a request is named dbw- and 12 hex digits, not " + ask.name());
    }
    Subject subject = ask.subject();
    if (subject.getKind() == null
        || subject.getKind() == SubjectKind.GROUP
        || subject.getName() == null
        || subject.getName().isBlank()) {
      throw new RefusedException("a request is made by a User or a ServiceAccount");
    }
    if (!podPolicies.contains(ask.policy())) {
      throw new RefusedException(
          "DatabasePolicy " + ask.policy() + " does not govern pod " + pod + "; no grant made");
    }
    String namespace = pod.namespace();
    DatabasePolicy policy =
        client.resources(DatabasePolicy.class).inNamespace(namespace).withName(ask.policy()).get();
    if (policy == null) {
      throw new RefusedException("DatabasePolicy " + namespace + "/" + ask.policy() + " is gone");
    }
    for (int attempt = 1; ; attempt++) {
      List<AccessGrant> series =
          client
              .resources(AccessGrant.class)
              .inNamespace(namespace)
              .withLabel(REQUEST_LABEL, ask.name())
              .list()
              .getItems();
      Instant now = clock.instant();
      for (AccessGrant grant : series) {
        if (open(grant, policy, now)) {
          return GrantView.of(grant);
        }
      }
      Set<String> taken =
          series.stream().map(g -> g.getMetadata().getName()).collect(Collectors.toSet());
      String name = ask.name();
      for (int n = 2; taken.contains(name); n++) {
        name = ask.name() + "-" + n;
      }
      try {
        AccessGrant created =
            client.resources(AccessGrant.class).resource(grant(pod, policy, ask, name)).create();
        LOG.info(
            "AccessGrant {}/{} created for {} {} by pod {}",
            namespace,
            name,
            subject.getKind(),
            subject.getName(),
            pod);
        return GrantView.of(created);
      } catch (KubernetesClientException e) {
        // Another sidecar made the same grant first: it is the one to return.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether a grant still answers its request: waiting for a decision, approved with executions
   * left, or denied less than the policy's ttl ago (asking again at once changes nothing).
   */
  private static boolean open(AccessGrant grant, DatabasePolicy policy, Instant now) {
    GrantPhase phase = GrantPhaseMachine.evaluate(grant, policy, now).phase();
    if (phase == GrantPhase.PENDING || phase == GrantPhase.APPROVED) {
      return true;
    }
    if (phase != GrantPhase.DENIED) {
      return false;
    }
    return Timestamps.parse(grant.getMetadata().getCreationTimestamp())
        .map(created -> now.isBefore(created.plus(GrantPhaseMachine.ttl(policy))))
        .orElse(true);
  }

  private static AccessGrant grant(
      PodRef pod, DatabasePolicy policy, StreamMessage.RequestGrant ask, String name) {
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setPolicy(ask.policy());
    spec.setSubject(new Subject(ask.subject().getKind(), ask.subject().getName()));
    spec.setStatement(ask.statement());
    spec.setParameters(ask.parameters().isEmpty() ? null : ask.parameters());
    spec.setReason(ask.reason());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(REQUESTED_BY_ANNOTATION, pod.toString());
    putIfPresent(annotations, "dbwarden.io/rule", ask.rule());
    putIfPresent(annotations, "dbwarden.io/operation", ask.operation());
    putIfPresent(annotations, "dbwarden.io/database", ask.database());
    if (!ask.tables().isEmpty()) {
      annotations.put("dbwarden.io/tables", String.join(",", ask.tables()));
    }
    AccessGrant grant = new AccessGrant();
    grant.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(pod.namespace())
            .withLabels(
                Map.of(
                    SUBJECT_LABEL,
                    labelValue(ask.subject().getName()),
                    POLICY_LABEL,
                    ask.policy(),
                    REQUEST_LABEL,
                    ask.name(),
                    "app.kubernetes.io/managed-by",
                    "dbwarden"))
            .withAnnotations(annotations)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(policy.getApiVersion())
                    .withKind(policy.getKind())
                    .withName(policy.getMetadata().getName())
                    .withUid(policy.getMetadata().getUid())
                    .build())
            .build());
    grant.setSpec(spec);
    return grant;
  }

  private static void putIfPresent(Map<String, String> annotations, String key, String value) {
    if (value != null && !value.isBlank()) {
      annotations.put(key, value);
    }
  }

  /**
   * A subject's name as a label value: every character a label value cannot hold becomes a dot
   * ({@code alice@example.com} is {@code alice.example.com}, the service account {@code
   * shop/orders} is {@code shop.orders}), at most 63 characters, beginning and ending with a letter
   * or digit.
   */
  public static String labelValue(String name) {
    String value = NOT_IN_LABEL.matcher(name).replaceAll(".");
    if (value.length() > LABEL_VALUE_MAX) {
      value = value.substring(0, LABEL_VALUE_MAX);
    }
    int start = 0;
    int end = value.length();
    while (start < end && !Character.isLetterOrDigit(value.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }
}
