package io.dbwarden.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.operator.OperatorTesting;
import io.dbwarden.operator.examples.ExampleFiles.Document;
import io.dbwarden.operator.injection.InjectionAnnotations;
import io.dbwarden.operator.policy.PolicyStatuses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples fit together as the walk-through uses them: each file says what it is and how to
 * apply it, every path the docs name exists, every injected workload is governed by a policy whose
 * rules name the identity its sidecar gives it (the pod's service account), reaches a database
 * Service of the examples with a login Secret of the examples, and the versions the walk-through
 * shows are the policies' own.
 */
class ExampleConsistencyTest {

  private static final Pattern EXAMPLE_PATH = Pattern.compile("examples/[\\w./-]*[\\w/]");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)#:]+)\\)");

  static List<Path> yamlFiles() {
    return ExampleFiles.yamlFiles();
  }

  @ParameterizedTest
  @MethodSource("yamlFiles")
  void saysWhatItIsAndHowToApplyIt(Path file) {
    List<String> header =
        ExampleFiles.read(file).lines().takeWhile(line -> line.startsWith("#")).toList();
    assertThat(header).as("%s starts with a comment", file).hasSizeGreaterThan(2);
    assertThat(String.join("\n", header))
        .as("%s's header has the command that applies it", file)
        .contains(" -f " + ExampleFiles.relative(file));
  }

  @Test
  void luaScriptsSayWhatTheyAre() {
    List<Path> scripts = ExampleFiles.files(".lua");
    assertThat(scripts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("accessgrant.lua", "common.lua", "databasepolicy.lua");
    for (Path script : scripts) {
      assertThat(ExampleFiles.read(script))
          .as("%s", script)
          .startsWith("-- ")
          .contains("argocd-cm");
    }
  }

  @Test
  void everyPathTheDocsNameExists() {
    List<String> missing = new ArrayList<>();
    for (Path doc :
        List.of(
            ExampleFiles.WALKTHROUGH,
            ExampleFiles.EXAMPLES.resolve("argocd/README.md"),
            OperatorTesting.REPOSITORY.resolve("README.md"))) {
      String text = ExampleFiles.read(doc);
      Matcher paths = EXAMPLE_PATH.matcher(text);
      while (paths.find()) {
        if (!Files.exists(OperatorTesting.REPOSITORY.resolve(paths.group()))) {
          missing.add(doc.getFileName() + ": " + paths.group());
        }
      }
      Matcher links = MARKDOWN_LINK.matcher(text);
      while (links.find()) {
        if (!Files.exists(doc.getParent().resolve(links.group(1)))) {
          missing.add(doc.getFileName() + ": link " + links.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void injectedWorkloadsAreGovernedByPoliciesNamingTheirServiceAccount() {
    List<Document> workloads = injectedWorkloads();
    assertThat(workloads).extracting(Document::name).contains("orders", "ai-agent");
    for (Document workload : workloads) {
      String namespace = workload.namespace();
      JsonNode pod = workload.node().path("spec").path("template");
      String account = pod.path("spec").path("serviceAccountName").asText();
      String identity = namespace + "/" + account;
      String where = ExampleFiles.relative(workload.file());
      assertThat(find("ServiceAccount", namespace, account))
          .as("%s: its account", where)
          .isNotNull();

      List<Document> policies = policiesSelecting(namespace, pod.path("metadata").path("labels"));
      assertThat(policies).as("%s: policies selecting it", where).isNotEmpty();
      JsonNode annotations = pod.path("metadata").path("annotations");
      assertThat(policies)
          .as("%s: %s names a policy selecting it", where, InjectionAnnotations.POLICY)
          .extracting(Document::name)
          .contains(annotations.path(InjectionAnnotations.POLICY).asText());
      for (Document policy : policies) {
        assertThat(allowedSubjects(policy))
            .as("%s: policy %s has a rule for %s", where, policy.name(), identity)
            .contains("ServiceAccount " + identity);
      }

      Document secret =
          find(
              "Secret",
              namespace,
              annotations.path(InjectionAnnotations.CREDENTIALS_SECRET).asText());
      assertThat(secret).as("%s: its credentials Secret", where).isNotNull();
      assertThat(secret.node().path("stringData").has("username")).isTrue();
      assertThat(secret.node().path("stringData").has("password")).isTrue();

      String[] upstream = annotations.path(InjectionAnnotations.UPSTREAM).asText().split(":");
      String[] host = upstream[0].split("\\.");
      assertThat(host).as("%s: upstream is a Service's name.namespace.svc", where).hasSize(3);
      assertThat(host[1]).isEqualTo(namespace);
      Document service = find("Service", host[1], host[0]);
      assertThat(service).as("%s: the upstream Service", where).isNotNull();
      assertThat(service.node().path("spec").path("ports").findValuesAsText("port"))
          .contains(upstream[1]);
    }
  }

  @Test
  void grantsNamePoliciesThatGovernTheirSubject() {
    List<Document> grants = ExampleFiles.documents(AccessGrant.KIND);
    assertThat(grants).extracting(Document::name).contains("break-glass-inc-4711", "erasure-123");
    for (Document grant : grants) {
      JsonNode spec = grant.node().path("spec");
      Document policy = find(DatabasePolicy.KIND, grant.namespace(), spec.path("policy").asText());
      assertThat(policy).as("%s: its policy", grant.name()).isNotNull();
      JsonNode subject = spec.path("subject");
      if (subject.path("kind").asText().equals("ServiceAccount")) {
        boolean governed =
            injectedWorkloads().stream()
                .filter(
                    w -> (w.namespace() + "/" + account(w)).equals(subject.path("name").asText()))
                .anyMatch(
                    w ->
                        ExampleFiles.selects(
                            policy.node().path("spec").path("selector"),
                            w.node()
                                .path("spec")
                                .path("template")
                                .path("metadata")
                                .path("labels")));
        assertThat(governed)
            .as("%s: its subject runs where its policy applies", grant.name())
            .isTrue();
      }
    }
  }

  @Test
  void theWalkthroughShowsThePoliciesVersions() {
    String walkthrough = ExampleFiles.read(ExampleFiles.WALKTHROUGH);
    Matcher rows =
        Pattern.compile("(?m)^(\\S+)\\s+True\\s+True\\s+([0-9a-f]{12})\\s").matcher(walkthrough);
    int shown = 0;
    while (rows.find()) {
      assertThat(rows.group(2))
          .as("version of %s", rows.group(1))
          .isEqualTo(version(rows.group(1)));
      shown++;
    }
    assertThat(shown).isGreaterThanOrEqualTo(4);
    Matcher enforced =
        Pattern.compile("(?:version:|enforce version) ([0-9a-f]{12})").matcher(walkthrough);
    while (enforced.find()) {
      assertThat(enforced.group(1)).isEqualTo(version("orders"));
    }
  }

  private static String version(String policyName) {
    Document policy =
        ExampleFiles.documents(DatabasePolicy.KIND).stream()
            .filter(d -> d.name().equals(policyName))
            .findFirst()
            .orElseThrow();
    return PolicyStatuses.versionOf(
        PolicyDocuments.parse(ExampleFiles.read(policy.file())).policy());
  }

  static List<Document> injectedWorkloads() {
    return ExampleFiles.documents("Deployment").stream()
        .filter(
            d ->
                "true"
                    .equals(
                        d.node()
                            .path("spec")
                            .path("template")
                            .path("metadata")
                            .path("labels")
                            .path(InjectionAnnotations.INJECT)
                            .asText()))
        .toList();
  }

  static String account(Document workload) {
    return workload
        .node()
        .path("spec")
        .path("template")
        .path("spec")
        .path("serviceAccountName")
        .asText();
  }

  static List<Document> policiesSelecting(String namespace, JsonNode labels) {
    return ExampleFiles.documents(DatabasePolicy.KIND).stream()
        .filter(p -> p.namespace().equals(namespace))
        .filter(p -> ExampleFiles.selects(p.node().path("spec").path("selector"), labels))
        .toList();
  }

  private static List<String> allowedSubjects(Document policy) {
    List<String> subjects = new ArrayList<>();
    for (JsonNode rule : policy.node().path("spec").path("rules")) {
      if (!rule.path("action").asText("allow").equals("deny")) {
        for (JsonNode subject : rule.path("subjects")) {
          subjects.add(subject.path("kind").asText() + " " + subject.path("name").asText());
        }
      }
    }
    return subjects;
  }

  private static Document find(String kind, String namespace, String name) {
    return ExampleFiles.documents(kind).stream()
        .filter(d -> d.namespace().equals(namespace) && d.name().equals(name))
        .findFirst()
        .orElse(null);
  }
}
