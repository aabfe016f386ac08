package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void appVersionIsThisReleaseSoBothImagesMatchTheBuild() throws IOException {
    // The default operator and sidecar image tags are the appVersion.
    String release = System.getProperty("dbwarden.version", "").replace("-SNAPSHOT", "");
    String chart = Files.readString(Chart.DIRECTORY.resolve("Chart.yaml"));

    assertThat(release).isNotEmpty();
    assertThat(chart).containsPattern("(?m)^appVersion: \"" + Pattern.quote(release) + "\"$");
  }

  @Test
  void templatesUseNothingRandomTimedOrLookedUp() throws IOException {
    // Rendering twice in one test cannot see lookup (empty in helm template, filled in helm
    // install, so Argo CD and Helm would disagree), nor a random value that happens to repeat.
    Pattern forbidden =
        Pattern.compile(
            "\\b(lookup|now|date|dateInZone|unixEpoch|randAlpha|randAlphaNum|randNumeric|randAscii"
                + "|randBytes|randInt|uuidv4|genCA|genPrivateKey|genSelfSignedCert|genSignedCert"
                + "|derivePassword)\\b");
    try (Stream<Path> files = Files.walk(Chart.DIRECTORY.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher actions =
            Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL).matcher(Files.readString(file));
        while (actions.find()) {
          assertThat(forbidden.matcher(actions.group(1)).find())
              .as("%s: {{%s}}", Chart.DIRECTORY.relativize(file), actions.group(1))
              .isFalse();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "certManager: {enabled: true}",
        "operator: {watchNamespaces: [shop], affinity: {}, tolerations: [{key: k, operator: Exists}]}"
      })
  void rendersOnlyFieldsTheKubernetesTypesHave(String values) {
    // A misspelt field would be dropped by the API server without a word.
    Chart.Rendered rendered = Chart.render(values + "\n");

    List<HasMetadata> typed =
        rendered.objects().stream().filter(o -> !(o instanceof GenericKubernetesResource)).toList();

    assertThat(typed).isNotEmpty();
    assertThat(typed.stream().flatMap(o -> UnknownFields.of(o).stream())).isEmpty();
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
