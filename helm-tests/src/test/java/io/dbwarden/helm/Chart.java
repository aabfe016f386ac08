package io.dbwarden.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chart in {@code helm/dbwarden}, linted and rendered by Helm's own code through helm-java (a
 * native library, so the build needs no helm binary), the way {@code helm lint} and {@code helm
 * template} would.
 */
final class Chart {

  /** The repository's root: tests run in {@code helm-tests/}. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path DIRECTORY = ROOT.resolve("helm").resolve("dbwarden");

  static final String RELEASE = "dbwarden";

  static final String NAMESPACE = "dbwarden-system";

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {}

  /** {@code helm lint --strict} of the chart with its own values. */
  static LintResult lint() {
    return new Helm(DIRECTORY).lint().strict().call();
  }

  /** {@code helm template dbwarden helm/dbwarden -n dbwarden-system} with the default values. */
  static String template() {
    return template(RELEASE, NAMESPACE, null);
  }

  /**
   * {@code helm template}, CRDs included, with {@code values} (YAML, null for none) over the
   * chart's values.
   *
   * @throws IllegalStateException when Helm refuses, e.g. values the schema rejects
   */
  static String template(String release, String namespace, String values) {
    TemplateCommand command =
        new Helm(DIRECTORY).template().withName(release).withNamespace(namespace);
    if (values == null) {
      return command.call();
    }
    try {
      Path file = Files.createTempFile("dbwarden-values", ".yaml");
      try {
        Files.writeString(file, values, StandardCharsets.UTF_8);
        return command.withValuesFile(file).call();
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects rendered with {@code values} (YAML, null for the defaults). */
  static Rendered render(String values) {
    return Rendered.parse(template(RELEASE, NAMESPACE, values));
  }

  /** Rendered manifests as Kubernetes objects, typed where Fabric8 knows the kind. */
  record Rendered(List<HasMetadata> objects) {

    static Rendered parse(String manifests) {
      List<HasMetadata> objects = new ArrayList<>();
      try (MappingIterator<JsonNode> documents =
          YAML.readerFor(JsonNode.class).readValues(manifests)) {
        while (documents.hasNext()) {
          JsonNode document = documents.next();
          if (document != null && !document.isNull() && !document.isEmpty()) {
            objects.add(SERIALIZATION.convertValue(document, HasMetadata.class));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Rendered(List.copyOf(objects));
    }

    /** Every object of {@code type}. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The object of {@code type} named {@code name}. */
    <T extends HasMetadata> T get(Class<T> type, String name) {
      return all(type).stream()
          .filter(o -> Objects.equals(name, o.getMetadata().getName()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** The one object of {@code type}. */
    <T extends HasMetadata> T only(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(found.size() + " " + type.getSimpleName() + " rendered, not 1");
      }
      return found.get(0);
    }

    /** The kinds rendered, one entry per object. */
    List<String> kinds() {
      return objects.stream().map(HasMetadata::getKind).toList();
    }
  }
}
