package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** The chart as {@code helm lint} and {@code helm template} see it. */
class ChartTemplateTest {

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = Chart.lint();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  /** The CRDs are not templates: Helm applies crds/ itself (see ChartCrdsTest). */
  @Test
  void rendersEveryKindTheOperatorNeeds() {
    Chart.Rendered rendered = Chart.render(null);

    assertThat(rendered.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "MutatingWebhookConfiguration");
  }

  @Test
  void rendersTheSameManifestsEveryTime() {
    // Argo CD renders the chart on every refresh: anything random or time-dependent would show as
    // drift and be "fixed" by a sync, e.g. a new certificate on every refresh.
    String values = "certManager: {enabled: true}\n";

    assertThat(Chart.template()).isEqualTo(Chart.template());
    assertThat(Chart.template(Chart.RELEASE, Chart.NAMESPACE, values))
        .isEqualTo(Chart.template(Chart.RELEASE, Chart.NAMESPACE, values));
  }

  @Test
  void rendersNoSecretsAndNoCertificatesByDefault() {
    // The operator makes the webhook's certificate at run time; nothing secret is in the manifests.
    String manifests = Chart.template();

    assertThat(Chart.Rendered.parse(manifests).kinds())
        .doesNotContain("Secret", "Certificate", "Issuer");
    assertThat(manifests).doesNotContain("caBundle:", "BEGIN CERTIFICATE", "PRIVATE KEY");
  }
}
