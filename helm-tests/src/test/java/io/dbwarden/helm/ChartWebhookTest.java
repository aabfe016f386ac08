package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The webhooks' configuration (pod injection, grant decisions) and their certificates, with and
 * without cert-manager.
 */
class ChartWebhookTest {

  @Test
  void onlyLabelledPodsOutsideTheOperatorsNamespaceAndKubeSystemAreSent() {
    MutatingWebhook webhook = webhook(Chart.render(null));

    assertThat(webhook.getName()).isEqualTo("inject.dbwarden.io");
    assertThat(webhook.getObjectSelector().getMatchLabels())
        .isEqualTo(Map.of("dbwarden.io/inject", "true"));
    assertThat(webhook.getObjectSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(webhook.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .containsExactly(
            new LabelSelectorRequirement(
                "kubernetes.io/metadata.name", "NotIn", List.of("dbwarden-system", "kube-system")));
    RuleWithOperations rule = webhook.getRules().get(0);
    assertThat(webhook.getRules()).hasSize(1);
    assertThat(rule.getOperations()).containsExactly("CREATE");
    assertThat(rule.getApiGroups()).containsExactly("");
    assertThat(rule.getResources()).containsExactly("pods");
  }

  @Test
  void failsClosedWithoutSideEffectsWithinItsTimeout() {
    MutatingWebhook webhook = webhook(Chart.render(null));

    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
    assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/inject");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
  }

  @Test
  void exclusionsFollowTheReleaseNamespaceAndTheValues() {
    String manifests =
        Chart.template(
            "governance", "dbw", "webhook: {excludedNamespaces: [monitoring, kube-system]}\n");

    MutatingWebhook webhook = webhook(Chart.Rendered.parse(manifests));

    assertThat(webhook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .containsExactly("dbw", "kube-system", "monitoring");
    assertThat(webhook.getClientConfig().getService().getName())
        .isEqualTo("governance-dbwarden-webhook");
  }

  @Test
  void failurePolicyAndTimeoutAreValues() {
    Chart.Rendered rendered =
        Chart.render("webhook: {failurePolicy: Ignore, timeoutSeconds: 10}\n");
    MutatingWebhook webhook = webhook(rendered);
    MutatingWebhook decisions = grantDecisions(rendered);

    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
    // A decision is never taken unstamped, whatever injection does during an outage.
    assertThat(decisions.getFailurePolicy()).isEqualTo("Fail");
    assertThat(decisions.getTimeoutSeconds()).isEqualTo(10);
  }

  @Test
  void withoutCertManagerTheOperatorWritesCaBundle() {
    Chart.Rendered rendered = Chart.render(null);
    MutatingWebhookConfiguration configuration = rendered.only(MutatingWebhookConfiguration.class);

    // Rendered without caBundle: the operator patches it in, so a chart re-render never resets it.
    assertThat(configuration.getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isNull());
    assertThat(configuration.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(rendered.all(GenericKubernetesResource.class)).isEmpty();
  }

  @Test
  void withCertManagerACertificateForTheWebhookServiceAndTheCaInjector() {
    Chart.Rendered rendered = Chart.render("certManager: {enabled: true}\n");

    GenericKubernetesResource certificate = generic(rendered, "Certificate");
    GenericKubernetesResource issuer = generic(rendered, "Issuer");
    Map<String, Object> spec = certificate.get("spec");
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(spec)
        .containsEntry("secretName", "dbwarden-webhook-tls")
        .containsEntry(
            "dnsNames",
            List.of(
                "dbwarden-webhook.dbwarden-system.svc",
                "dbwarden-webhook.dbwarden-system.svc.cluster.local"));
    assertThat(certificate.<String>get("spec", "privateKey", "encoding")).isEqualTo("PKCS8");
    assertThat(certificate.<String>get("spec", "issuerRef", "name"))
        .isEqualTo(issuer.getMetadata().getName());
    assertThat(issuer.<Object>get("spec", "selfSigned")).isEqualTo(Map.of());

    MutatingWebhookConfiguration configuration = rendered.only(MutatingWebhookConfiguration.class);
    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from",
            Chart.NAMESPACE + "/" + certificate.getMetadata().getName());
    assertThat(configuration.getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isNull());
    assertThat(rendered.only(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
        .flatExtracting(c -> c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("DBWARDEN_WEBHOOK_CERTIFICATES");
              assertThat(e.getValue()).isEqualTo("cert-manager");
            });
  }

  @Test
  void withCertManagerAnExistingIssuerIsUsedAsIs() {
    Chart.Rendered rendered =
        Chart.render(
            "certManager: {enabled: true, issuerRef: {name: corp-ca, kind: ClusterIssuer}}\n");

    GenericKubernetesResource certificate = generic(rendered, "Certificate");

    assertThat(rendered.kinds()).doesNotContain("Issuer");
    assertThat(certificate.<String>get("spec", "issuerRef", "name")).isEqualTo("corp-ca");
    assertThat(certificate.<String>get("spec", "issuerRef", "kind")).isEqualTo("ClusterIssuer");
  }

  @Test
  void grantDecisionsAreSentOnEveryStatusUpdateOfAnAccessGrantAndFailClosed() {
    Chart.Rendered rendered = Chart.render(null);
    MutatingWebhook webhook = grantDecisions(rendered);

    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
    // Every grant, wherever it is: no selector narrows what an approver's decision goes through.
    assertThat(webhook.getNamespaceSelector()).isNull();
    assertThat(webhook.getObjectSelector()).isNull();
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("dbwarden-webhook");
    assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/grant-decisions");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
    assertThat(webhook.getRules()).hasSize(1);
    RuleWithOperations rule = webhook.getRules().get(0);
    assertThat(rule.getOperations()).containsExactly("UPDATE");
    assertThat(rule.getApiGroups()).containsExactly("dbwarden.io");
    assertThat(rule.getApiVersions()).containsExactly("*");
    assertThat(rule.getResources()).containsExactly("accessgrants/status");
    assertThat(rule.getScope()).isEqualTo("Namespaced");
  }

  /** The injection webhook. */
  private static MutatingWebhook webhook(Chart.Rendered rendered) {
    return named(rendered, "inject.dbwarden.io");
  }

  /** The grant decision webhook. */
  private static MutatingWebhook grantDecisions(Chart.Rendered rendered) {
    return named(rendered, "grant-decisions.dbwarden.io");
  }

  private static MutatingWebhook named(Chart.Rendered rendered, String name) {
    List<MutatingWebhook> webhooks =
        rendered.only(MutatingWebhookConfiguration.class).getWebhooks();
    assertThat(webhooks)
        .extracting(MutatingWebhook::getName)
        .containsExactly("inject.dbwarden.io", "grant-decisions.dbwarden.io");
    return webhooks.stream().filter(w -> w.getName().equals(name)).findFirst().orElseThrow();
  }

  private static GenericKubernetesResource generic(Chart.Rendered rendered, String kind) {
    return rendered.all(GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
  }
}
