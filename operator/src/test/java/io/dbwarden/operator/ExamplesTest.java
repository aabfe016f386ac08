package io.dbwarden.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.ParsedPolicy;
import io.dbwarden.api.policy.PolicyDocuments;
import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.ApiVersionUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every YAML under {@code examples/} and {@code crds/} goes through the client: the CRDs are
 * created, then every example is read as its Java type, checked against its CRD's schema (and, for
 * policies, the operator's validator) and created.
 */
@EnableKubernetesMockClient(crud = true)
class ExamplesTest {

  static KubernetesClient client;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, JsonNode> SCHEMAS = new HashMap<>();

  @BeforeAll
  static void createCrds() throws IOException {
    try (Stream<Path> files = Files.list(OperatorTesting.REPOSITORY.resolve("crds"))) {
      for (Path file : files.filter(ExamplesTest::isYaml).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          List<HasMetadata> created = client.load(in).create();
          assertThat(created).as(file.toString()).hasSize(1);
          CustomResourceDefinition crd = (CustomResourceDefinition) created.get(0);
          JsonNode schema =
              YAML.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
          SCHEMAS.put(crd.getSpec().getNames().getKind(), schema);
        }
      }
    }
    assertThat(SCHEMAS).containsOnlyKeys(DatabasePolicy.KIND, AccessGrant.KIND);
  }

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(OperatorTesting.REPOSITORY.resolve("examples"))) {
      return files.filter(ExamplesTest::isYaml).sorted().toList();
    }
  }

  @Test
  void thereAreExamplesOfBothKinds() throws IOException {
    assertThat(examples())
        .extracting(p -> p.getParent().getFileName().toString())
        .contains("policies", "grants");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleParsesValidatesAndApplies(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
      for (JsonNode document : documents.readAll()) {
        String kind = document.path("kind").asText();
        if (SCHEMAS.containsKey(kind)) {
          JsonNode checked = document.deepCopy();
          // The API server validates these itself; CRD schemas leave them out.
          ((com.fasterxml.jackson.databind.node.ObjectNode) checked)
              .remove(List.of("apiVersion", "kind", "metadata"));
          assertThat(OpenApiSchemaCheck.check(SCHEMAS.get(kind), checked))
              .as("%s against the %s CRD schema", file, kind)
              .isEmpty();
        }
        if (DatabasePolicy.KIND.equals(kind)) {
          ParsedPolicy parsed = PolicyDocuments.parse(YAML.writeValueAsString(document));
          assertThat(parsed.problems()).as("%s: validator", file).isEmpty();
        }
      }
    }
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
      for (JsonNode document : documents.readAll()) {
        InputStream in =
            new java.io.ByteArrayInputStream(
                YAML.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
        HasMetadata stored =
            switch (document.path("kind").asText()) {
              case DatabasePolicy.KIND ->
                  client.resource(client.resources(DatabasePolicy.class).load(in).create()).get();
              case AccessGrant.KIND ->
                  client.resource(client.resources(AccessGrant.class).load(in).create()).get();
              default -> createOther(client.load(in).items().get(0), file);
            };
        assertThat(stored).as("stored %s", file).isNotNull();
      }
    }
  }

  @Test
  void theSchemaCheckCatchesWhatTheApiServerWould() {
    JsonNode grant =
        YAML.valueToTree(
            Map.of(
                "metadata", Map.of("name", "g"),
                "spec",
                    Map.of(
                        "policy", "orders",
                        "subject", Map.of("kind", "Robot", "name", "x"),
                        "scope", Map.of("operations", List.of("SELCT"), "tables", List.of()),
                        "duration", "1 hour",
                        "colour", "blue")));
    assertThat(OpenApiSchemaCheck.check(SCHEMAS.get(AccessGrant.KIND), grant))
        .anyMatch(p -> p.startsWith(".spec.subject.kind: \"Robot\" is not one of"))
        .anyMatch(p -> p.startsWith(".spec.scope.operations[0]: \"SELCT\" is not one of"))
        .anyMatch(p -> p.equals(".spec.scope.tables: needs at least 1 items"))
        .anyMatch(p -> p.startsWith(".spec.duration: \"1 hour\" does not match"))
        .anyMatch(p -> p.equals(".spec.colour: unknown field"));
  }

  /**
   * Creates a document of another kind: one the client knows (Deployment, Service, ConfigMap...) as
   * its Java type, so a misspelt field or apiVersion of a Kubernetes kind shows; a kind of another
   * project (Argo CD's Application) as a generic resource of its apiVersion and kind. Returns it as
   * stored.
   */
  private static HasMetadata createOther(HasMetadata item, Path file) {
    if (!(item instanceof GenericKubernetesResource generic)) {
      return client.resource(client.resource(item).create()).get();
    }
    assertThat(item.getApiVersion())
        .as("%s: a %s of Kubernetes itself reads as its Java type", file, item.getKind())
        .doesNotMatch("v1|(apps|batch|policy)/.*|.*\\.k8s\\.io/.*");
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(ApiVersionUtil.trimGroup(generic.getApiVersion()))
            .withVersion(ApiVersionUtil.trimVersion(generic.getApiVersion()))
            .withKind(generic.getKind())
            .withPlural(Pluralize.toPlural(generic.getKind().toLowerCase(Locale.ROOT)))
            .withNamespaced(true)
            .build();
    client.genericKubernetesResources(context).resource(generic).create();
    return client
        .genericKubernetesResources(context)
        .inNamespace(generic.getMetadata().getNamespace())
        .withName(generic.getMetadata().getName())
        .get();
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString();
    return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
