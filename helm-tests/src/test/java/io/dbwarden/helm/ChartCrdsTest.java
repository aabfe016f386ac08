package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code crds/} holds the very files of {@code crds/} (Helm installs CRDs only from
 * there, and they cannot be templates). Pure Java: no Helm needed. With {@code -Pupdate-crds} the
 * test copies them over instead of failing.
 */
class ChartCrdsTest {

  private static final Path SOURCE = Chart.ROOT.resolve("crds");
  private static final Path CHART = Chart.DIRECTORY.resolve("crds");

  @Test
  void chartCrdsAreTheGeneratedCrdsByteForByte() throws IOException {
    List<String> generated = yamlFiles(SOURCE);
    if (Boolean.getBoolean("dbwarden.updateCrds")) {
      for (String stale : yamlFiles(CHART)) {
        Files.delete(CHART.resolve(stale));
      }
      for (String file : generated) {
        Files.copy(SOURCE.resolve(file), CHART.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }

    assertThat(generated).isNotEmpty();
    assertThat(yamlFiles(CHART))
        .as("helm/dbwarden/crds/ (run ./mvnw -B -pl helm-tests -Pupdate-crds verify)")
        .isEqualTo(generated);
    for (String file : generated) {
      assertThat(Files.readAllBytes(CHART.resolve(file)))
          .as("helm/dbwarden/crds/%s differs from crds/%s", file, file)
          .isEqualTo(Files.readAllBytes(SOURCE.resolve(file)));
    }
  }

  @Test
  void chartCrdsDefineBothKinds() throws IOException {
    List<String> names = new java.util.ArrayList<>();
    for (String file : yamlFiles(CHART)) {
      names.addAll(
          Chart.Rendered.parse(Files.readString(CHART.resolve(file))).objects().stream()
              .map(o -> o.getKind() + " " + o.getMetadata().getName())
              .toList());
    }

    assertThat(names)
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition databasepolicies.dbwarden.io",
            "CustomResourceDefinition accessgrants.dbwarden.io");
  }

  private static List<String> yamlFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
