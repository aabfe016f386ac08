package io.dbwarden.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbwarden.operator.OperatorTesting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files under {@code examples/}, read as the tests need them. */
final class ExampleFiles {

  static final Path EXAMPLES = OperatorTesting.REPOSITORY.resolve("examples");

  /** The walk-through. */
  static final Path WALKTHROUGH = EXAMPLES.resolve("README.md");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ExampleFiles() {}

  /** One YAML document and the file it is in. */
  record Document(Path file, JsonNode node) {

    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    String namespace() {
      return node.path("metadata").path("namespace").asText();
    }
  }

  /** Every YAML file, sorted. */
  static List<Path> yamlFiles() {
    return files(".yaml", ".yml");
  }

  /** Every file whose name ends with one of {@code suffixes}, sorted. */
  static List<Path> files(String... suffixes) {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of every YAML file. */
  static List<Document> documents() {
    List<Document> all = new ArrayList<>();
    for (Path file : yamlFiles()) {
      try (MappingIterator<JsonNode> it =
          YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        for (JsonNode node : it.readAll()) {
          all.add(new Document(file, node));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  /** The documents of {@code kind}. */
  static List<Document> documents(String kind) {
    return documents().stream().filter(d -> d.kind().equals(kind)).toList();
  }

  /** The path as written in commands run from the repository's top folder. */
  static String relative(Path file) {
    return OperatorTesting.REPOSITORY.relativize(file).toString().replace('\\', '/');
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Argo CD health check of {@code script} ({@code databasepolicy.lua}, {@code
   * accessgrant.lua}) as argocd-cm carries it: {@code common.lua}, then the script.
   */
  static String healthCheck(String script) {
    Path health = EXAMPLES.resolve("argocd/health");
    return read(health.resolve("common.lua")) + "\n" + read(health.resolve(script));
  }

  /** Whether {@code labels} satisfies the {@code matchLabels} of {@code selector}. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    JsonNode matchLabels = selector.path("matchLabels");
    if (!matchLabels.isObject() || matchLabels.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> entry : matchLabels.properties()) {
      if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }
}
