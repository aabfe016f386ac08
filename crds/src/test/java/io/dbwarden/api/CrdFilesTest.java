package io.dbwarden.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.OperationName;
import io.dbwarden.api.policy.Operations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD YAML committed in {@code crds/} (applied by {@code kubectl apply -f crds/} and the chart)
 * is what Fabric8's CRD generator makes of the API types, with the printer columns in the order the
 * types declare. When a type changes, this test fails until the files are regenerated with {@code
 * ./mvnw -B -pl crds -Pupdate-crds verify}.
 */
class CrdFilesTest {

  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");

  private static final String HEADER =
      "# Generated from the API types in crds/src by Fabric8's CRD generator, printer columns in"
          + " the\n# order the types declare. Do not edit: change the types and run\n#   ./mvnw -B"
          + " -pl crds -Pupdate-crds verify\n";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  static List<Arguments> crds() {
    return List.of(
        Arguments.of("databasepolicies.dbwarden.io-v1.yml", DatabasePolicy.PRINTER_COLUMNS),
        Arguments.of("accessgrants.dbwarden.io-v1.yml", AccessGrant.PRINTER_COLUMNS));
  }

  @ParameterizedTest
  @MethodSource("crds")
  void committedCrdIsWhatTheTypesGenerate(String file, List<String> columnOrder)
      throws IOException {
    String expected =
        HEADER + YAML.writeValueAsString(ordered(read(GENERATED.resolve(file)), columnOrder));
    Path committed = Path.of(file);
    if (Boolean.getBoolean("dbwarden.updateCrds")) {
      Files.writeString(committed, expected, StandardCharsets.UTF_8);
    }
    assertThat(committed)
        .as("crds/%s is out of date: run ./mvnw -B -pl crds -Pupdate-crds verify", file)
        .exists();
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("crds/%s is out of date: run ./mvnw -B -pl crds -Pupdate-crds verify", file)
        .isEqualTo(expected);
  }

  @Test
  void operationNamesAreTheOperationsAndAll() {
    List<String> expected = new ArrayList<>();
    Arrays.stream(Operation.values()).forEach(o -> expected.add(o.name()));
    expected.add(Operations.ALL);
    assertThat(Arrays.stream(OperationName.values()).map(Enum::name))
        .containsExactlyElementsOf(expected);
  }

  private static JsonNode read(Path path) throws IOException {
    assertThat(path).as("the CRD generator ran in process-classes").exists();
    return YAML.readTree(Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Puts the printer columns of every version in {@code order}; others keep theirs, after them. */
  private static JsonNode ordered(JsonNode crd, List<String> order) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode columns = version.path("additionalPrinterColumns");
      if (!columns.isArray()) {
        continue;
      }
      List<JsonNode> sorted = new ArrayList<>();
      columns.forEach(sorted::add);
      sorted.sort(
          Comparator.comparingInt(
              column -> {
                int index = order.indexOf(column.path("name").asText());
                return index < 0 ? order.size() : index;
              }));
      ArrayNode result = ((ArrayNode) columns).removeAll();
      sorted.forEach(result::add);
      ((ObjectNode) version).set("additionalPrinterColumns", result);
    }
    return crd;
  }
}
