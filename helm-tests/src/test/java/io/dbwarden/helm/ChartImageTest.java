package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart runs the images the build makes (README, "Images"): the same repositories, the tag of
 * this release, the image's user, its entrypoint and ports. The images are read from the POMs' Jib
 * configuration ({@link JibImage}); the sidecar's container is the operator's to build, and its own
 * test ({@code SidecarImageTest}) holds it to the sidecar image.
 */
class ChartImageTest {

  private static final JibImage OPERATOR = JibImage.of("operator");
  private static final JibImage SIDECAR = JibImage.of("sidecar");

  private final Deployment deployment = Chart.render(null).only(Deployment.class);
  private final Container operator =
      deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

  /** The tag the chart's appVersion gives both images: this version, once released. */
  private static String release(JibImage image) {
    assertThat(image.tag()).isEqualTo(System.getProperty("dbwarden.version"));
    return image.tag().replace("-SNAPSHOT", "");
  }

  private String env(String name) {
    return operator.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  @Test
  void installsTheOperatorImageTheBuildMakes() {
    assertThat(operator.getImage()).isEqualTo(OPERATOR.repository() + ":" + release(OPERATOR));
  }

  @Test
  void injectsTheSidecarImageTheBuildMakes() {
    assertThat(env("DBWARDEN_SIDECAR_IMAGE"))
        .isEqualTo(SIDECAR.repository() + ":" + release(SIDECAR));
  }

  @Test
  void runsADevelopmentBuildPushedElsewhere() {
    // README, "Images": the --set values that point the chart at images built from a snapshot.
    String values =
        String.format(
            "operator: {image: {repository: registry.example.com/dbwarden/operator, tag: \"%s\"}}%n"
                + "sidecar: {image: {repository: registry.example.com/dbwarden/sidecar, tag: \"%s\"}}%n",
            OPERATOR.tag(), SIDECAR.tag());
    Deployment custom = Chart.render(values).only(Deployment.class);
    Container container = custom.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage())
        .isEqualTo("registry.example.com/dbwarden/operator:" + OPERATOR.tag());
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("DBWARDEN_SIDECAR_IMAGE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue())
                    .isEqualTo("registry.example.com/dbwarden/sidecar:" + SIDECAR.tag()));
  }

  @Test
  void runsTheOperatorAsTheImagesUser() {
    PodSecurityContext pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
    SecurityContext container = operator.getSecurityContext();

    assertThat(OPERATOR.uid()).isPositive();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getRunAsUser()).isEqualTo(OPERATOR.uid());
    assertThat(pod.getRunAsGroup()).isEqualTo(OPERATOR.gid());
    assertThat(container.getRunAsUser()).isEqualTo(OPERATOR.uid());
    assertThat(container.getRunAsGroup()).isEqualTo(OPERATOR.gid());
  }

  @Test
  void keepsTheOperatorImagesEntrypoint() {
    // No command and no args: the image's java -cp ... main.class runs, with every flag set
    // through its variable.
    assertThat(operator.getCommand()).isNullOrEmpty();
    assertThat(operator.getArgs()).isNullOrEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "sidecar"})
  void imagesStartWhatTheShadedJarStarts(String module) {
    JibImage image = JibImage.of(module);

    assertThat(image.mainClass()).isEqualTo(image.jarMainClass());
    // Jib's own entrypoint and no default args: a container's args reach the main class.
    assertThat(image.ownEntrypoint()).isFalse();
    assertThat(image.ownArgs()).isFalse();
  }

  @Test
  void operatorImageExposesThePortsTheChartUses() {
    List<String> ports =
        operator.getPorts().stream()
            .map(ContainerPort::getContainerPort)
            .map(String::valueOf)
            .toList();

    assertThat(OPERATOR.ports()).containsExactlyInAnyOrderElementsOf(ports);
  }

  @Test
  void operatorGetsTheImagesJvmOptionsByDefault() {
    // The chart sets them for the operator; the webhook sets none, so the sidecar has the
    // image's. Both are the same defaults.
    assertThat(env("JAVA_TOOL_OPTIONS"))
        .isEqualTo(OPERATOR.environment().get("JAVA_TOOL_OPTIONS"))
        .isEqualTo(SIDECAR.environment().get("JAVA_TOOL_OPTIONS"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "sidecar"})
  void imagesAreBuiltOnlyInTheImagesProfile(String module) {
    // A plain ./mvnw verify (CI) must not pull a base image from a registry.
    JibImage image = JibImage.of(module);

    assertThat(image.executions()).isZero();
    assertThat(image.imagesProfile()).containsExactly("buildTar@package");
  }
}
