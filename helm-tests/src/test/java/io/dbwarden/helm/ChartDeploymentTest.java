package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator's Deployment, its disruption budget and its Services. */
class ChartDeploymentTest {

  private final Chart.Rendered rendered = Chart.render(null);
  private final Deployment deployment = rendered.only(Deployment.class);
  private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
  private final Container operator = pod.getContainers().get(0);

  @Test
  void runsTwoReplicasThatElectALeader() {
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(env())
        .containsEntry("DBWARDEN_LEADER_ELECTION", "true")
        .containsEntry("DBWARDEN_LEASE_NAME", "dbwarden-operator");
    // The Lease lives in the pod's namespace, where the Role grants it.
    assertThat(operator.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void followersReachTheLeaderAtThePodIpWithAProjectedToken() {
    assertThat(operator.getEnv())
        .filteredOn(e -> e.getName().equals("POD_IP"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("status.podIP"));
    assertThat(env())
        .containsEntry("DBWARDEN_REPLICA_TOKEN_FILE", "/var/run/secrets/dbwarden/token");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/dbwarden"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getProjected() != null)
        .singleElement()
        .satisfies(
            v ->
                assertThat(
                        v.getProjected().getSources().get(0).getServiceAccountToken().getAudience())
                    .isEqualTo("dbwarden"));
  }

  @Test
  void isLockedDown() {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    SecurityContext container = operator.getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getPrivileged()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo("dbwarden-operator");
    assertThat(pod.getHostNetwork()).isNull();
  }

  @Test
  void hasProbesAndResources() {
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void disruptionBudgetCoversTheOperatorPods() {
    PodDisruptionBudget budget = rendered.only(PodDisruptionBudget.class);

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void servicesReachTheContainerPortsTheOperatorListensOn() {
    Map<String, String> env = env();
    Map<String, Integer> ports =
        operator.getPorts().stream()
            .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));

    assertThat(ports)
        .containsEntry("http", Integer.valueOf(env.get("DBWARDEN_HTTP_PORT")))
        .containsEntry("stream", Integer.valueOf(env.get("DBWARDEN_STREAM_PORT")))
        .containsEntry("webhook", Integer.valueOf(env.get("DBWARDEN_WEBHOOK_PORT")));
    for (Service service : rendered.all(Service.class)) {
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(service.getSpec().getSelector());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(ports).containsKey(port.getTargetPort().getStrVal());
      }
    }
    Service webhook = rendered.get(Service.class, env.get("DBWARDEN_WEBHOOK_SERVICE"));
    assertThat(webhook.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhook");
            });
  }

  @Test
  void operatorIsToldTheNamesTheChartGaveItsObjects() {
    Map<String, String> env = env();
    MutatingWebhookConfiguration webhooks = rendered.only(MutatingWebhookConfiguration.class);

    assertThat(env.get("DBWARDEN_WEBHOOK_CONFIGURATION"))
        .isEqualTo(webhooks.getMetadata().getName());
    assertThat(webhooks.getWebhooks())
        .allSatisfy(
            w ->
                assertThat(w.getClientConfig().getService().getName())
                    .isEqualTo(env.get("DBWARDEN_WEBHOOK_SERVICE")));
    assertThat(env)
        .containsEntry("DBWARDEN_WEBHOOK", "true")
        .containsEntry("DBWARDEN_WEBHOOK_CERTIFICATES", "self-signed")
        .containsEntry("DBWARDEN_WEBHOOK_SECRET", "dbwarden-webhook-tls")
        .containsEntry(
            "DBWARDEN_SIDECAR_OPERATOR_URL",
            "ws://dbwarden-operator.dbwarden-system.svc:8081/v1/sidecars/stream");
    Service operatorService = rendered.get(Service.class, "dbwarden-operator");
    assertThat(operatorService.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .contains(org.assertj.core.groups.Tuple.tuple("stream", 8081));
  }

  @Test
  void injectsTheSidecarOfTheChartsVersionWithItsResourcesAndAuditMode() {
    assertThat(env())
        .containsEntry("DBWARDEN_SIDECAR_IMAGE", "ghcr.io/dbwarden/sidecar:0.1.0")
        .containsEntry("DBWARDEN_SIDECAR_MODE", "native")
        .containsEntry(
            "DBWARDEN_SIDECAR_RESOURCES",
            "{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"192Mi\"}}")
        .containsEntry("DBWARDEN_SIDECAR_AUDIT_MODE", "strict");
    assertThat(operator.getImage()).isEqualTo("ghcr.io/dbwarden/operator:0.1.0");
  }

  @Test
  void imageDigestWinsOverTheTag() {
    String digest = "sha256:" + "ab".repeat(32);
    Deployment pinned =
        Chart.render(
                "operator: {image: {repository: registry.example/dbw/operator, tag: x, digest: "
                    + digest
                    + "}}\n")
            .only(Deployment.class);

    assertThat(pinned.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/dbw/operator@" + digest);
  }

  private Map<String, String> env() {
    return operator.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
