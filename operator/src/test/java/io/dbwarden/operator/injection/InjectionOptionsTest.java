package io.dbwarden.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InjectionOptionsTest {

  private static Pod pod(Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewInitContainer()
        .withName("migrate")
        .addNewPort()
        .withContainerPort(7000)
        .endPort()
        .endInitContainer()
        .addNewContainer()
        .withName("app")
        .endContainer()
        .endSpec()
        .build();
  }

  private static String problem(Map<String, String> annotations) {
    return assertThatThrownBy(() -> InjectionOptions.of(pod(annotations), SidecarMode.NATIVE))
        .isInstanceOf(InvalidAnnotationsException.class)
        .actual()
        .getMessage();
  }

  @Test
  void defaults() throws InvalidAnnotationsException {
    InjectionOptions options =
        InjectionOptions.of(pod(Map.of("dbwarden.io/upstream", "db:5432")), SidecarMode.CONTAINER);
    assertThat(options)
        .isEqualTo(new InjectionOptions("db:5432", null, 6432, null, true, SidecarMode.CONTAINER));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db:5432",
        "Orders-DB.shop.svc.cluster.local:1",
        "10.1.2.3:65535",
        "[fd00::1]:5432"
      })
  void upstreamsThatAreHostAndPort(String upstream) throws InvalidAnnotationsException {
    assertThat(
            InjectionOptions.of(pod(Map.of("dbwarden.io/upstream", upstream)), SidecarMode.NATIVE)
                .upstream())
        .isEqualTo(upstream);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db",
        ":5432",
        "db:",
        "db:0",
        "db:65536",
        "db:54x",
        "fd00::1:5432",
        "db_1:5432",
        "-db:5432"
      })
  void upstreamsThatAreNot(String upstream) {
    assertThat(problem(Map.of("dbwarden.io/upstream", upstream)))
        .isEqualTo(
            "dbwarden.io/upstream: \""
                + upstream
                + "\" is not host:port (e.g. orders-db.shop.svc:5432)");
  }

  @Test
  void listenPortsThatClash() {
    assertThat(
            problem(Map.of("dbwarden.io/upstream", "db:5432", "dbwarden.io/listen-port", "9187")))
        .isEqualTo("dbwarden.io/listen-port: \"9187\" is the sidecar's admin port; choose another");
    assertThat(
            problem(Map.of("dbwarden.io/upstream", "db:5432", "dbwarden.io/listen-port", "7000")))
        .isEqualTo("dbwarden.io/listen-port: \"7000\" is already a port of container migrate");
    assertThat(
            problem(Map.of("dbwarden.io/upstream", "db:5432", "dbwarden.io/listen-port", "70000")))
        .isEqualTo("dbwarden.io/listen-port: \"70000\" is not a port number (1-65535)");
    assertThat(problem(Map.of("dbwarden.io/upstream", "db:5432", "dbwarden.io/listen-port", "pg")))
        .isEqualTo("dbwarden.io/listen-port: \"pg\" is not a port number");
  }

  @Test
  void namesLongerThanKubernetesAllows() {
    String name = "a".repeat(254);
    assertThat(problem(Map.of("dbwarden.io/upstream", "db:5432", "dbwarden.io/policy", name)))
        .startsWith("dbwarden.io/policy: ");
  }
}
