package io.dbwarden.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.operator.examples.ExampleFiles.Document;
import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.approval.Grant;
import io.dbwarden.sidecar.approval.GrantPhase;
import io.dbwarden.sidecar.approval.LocalGrantStore;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the walk-through ({@code examples/README.md}) against the real proxy: each example
 * workload gets a proxy with the identity its injected sidecar would give it (its service account)
 * and the example policy that selects it, in front of a PostgreSQL with the demo shop (the SQL the
 * walk-through's ConfigMap carries). Every {@code kubectl exec ... -- psql -c "..."} of the
 * walk-through runs, in order, with the same psql, and what it prints must show the excerpt the
 * walk-through gives after it; the approval ({@code kubectl patch accessgrant ... Approved})
 * approves the waiting request. Kubernetes itself (kind, Helm, the webhook, the operator creating
 * the AccessGrant) is not here: the messages the proxy prints are.
 */
@ExtendWith(PostgresExtension.class)
class WalkthroughIT {

  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
  private static final Pattern PSQL =
      Pattern.compile(
          "kubectl exec -n (\\S+) deploy/(\\S+)(?: -c \\S+)? -- psql(?: -U (\\S+))?(?: -d (\\S+))?"
              + " -c \"([^\"]*)\"");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}");

  private static final LocalGrantStore GRANTS = new LocalGrantStore(Clock.systemUTC());
  private static final Map<String, ProxyFixture> PROXIES = new HashMap<>();
  private static final Map<String, String> USERS = new HashMap<>();
  private static EmbeddedPostgres postgres;

  /** A command of the walk-through and the excerpt of its output that follows it, if any. */
  record Step(String command, String expected) {}

  @BeforeAll
  static void start(EmbeddedPostgres server) {
    postgres = server;
    for (Document workload : ExampleConsistencyTest.injectedWorkloads()) {
      JsonNode pod = workload.node().path("spec").path("template");
      List<Document> policies =
          ExampleConsistencyTest.policiesSelecting(
              workload.namespace(), pod.path("metadata").path("labels"));
      assertThat(policies).as("one policy selects %s", workload.name()).hasSize(1);
      String account = workload.namespace() + "/" + ExampleConsistencyTest.account(workload);
      PROXIES.put(
          workload.name(),
          ProxyFixture.builder(postgres)
              .policy(
                  PolicyCompiler.compile(
                      PolicyDocuments.parse(ExampleFiles.read(policies.get(0).file())).policy()))
              .workload(
                  new Identity(
                      Identity.Kind.ServiceAccount,
                      account,
                      List.of(),
                      null,
                      Identity.Method.WORKLOAD))
              .approvals(ApprovalGate.local(GRANTS))
              .start());
      for (JsonNode container : pod.path("spec").path("containers")) {
        for (JsonNode env : container.path("env")) {
          if (env.path("name").asText().equals("PGUSER")) {
            USERS.put(workload.name(), env.path("value").asText());
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    PROXIES.values().forEach(ProxyFixture::close);
  }

  @Test
  void everyPsqlStepPrintsWhatTheWalkthroughShows() throws Exception {
    Assumptions.assumeTrue(psqlInstalled(), "psql is not installed");
    List<Step> steps = steps(ExampleFiles.read(ExampleFiles.WALKTHROUGH));
    int ran = 0;
    for (Step step : steps) {
      Matcher psql = PSQL.matcher(step.command());
      if (step.command().startsWith("kubectl patch accessgrant")
          && step.command().contains("Approved")) {
        approveWaitingRequests();
      } else if (psql.matches()) {
        assertThat(step.expected()).as("the output of %s", step.command()).isNotNull();
        String output = psql(psql.group(2), psql.group(3), psql.group(5));
        assertShows(step, output);
        ran++;
      } else {
        assertThat(step.command()).as("a psql step the test cannot read").doesNotContain("psql");
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(10);
  }

  /** The walk-through's commands, each with the output excerpt after its block if it is last. */
  static List<Step> steps(String markdown) {
    List<Step> steps = new ArrayList<>();
    Matcher blocks = BLOCK.matcher(markdown);
    List<String[]> all = new ArrayList<>();
    while (blocks.find()) {
      all.add(new String[] {blocks.group(1), blocks.group(2)});
    }
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i)[0].equals("sh")) {
        continue;
      }
      List<String> commands = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : all.get(i)[1].lines().toList()) {
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        commands.add(current.append(line).toString().replaceAll("\\s+", " ").trim());
        current.setLength(0);
      }
      String expected =
          i + 1 < all.size() && all.get(i + 1)[0].equals("text") ? all.get(i + 1)[1] : null;
      for (int c = 0; c < commands.size(); c++) {
        steps.add(new Step(commands.get(c), c == commands.size() - 1 ? expected : null));
      }
    }
    return steps;
  }

  private static void approveWaitingRequests() {
    List<Grant> pending =
        GRANTS.list().stream().filter(g -> g.phase() == GrantPhase.PENDING).toList();
    assertThat(pending).as("a request waits for the approval").hasSize(1);
    GRANTS.decide(pending.get(0).name(), "carol@example.com", true, 1, Duration.ofHours(1));
  }

  /** What psql prints (errors and notices included) for {@code sql} in {@code deployment}. */
  private static String psql(String deployment, String directUser, String sql) throws Exception {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-w", "-h", "127.0.0.1"));
    ProcessBuilder builder = new ProcessBuilder();
    ProxyFixture proxy = PROXIES.get(deployment);
    if (proxy != null) {
      command.addAll(List.of("-p", Integer.toString(proxy.port()), "-U", USERS.get(deployment)));
    } else {
      // Straight into the database (the walk-through runs psql in the database's own pod).
      assertThat(directUser).as("the database login of %s", deployment).isEqualTo("app");
      command.addAll(
          List.of("-p", Integer.toString(postgres.address().getPort()), "-U", directUser));
      builder.environment().put("PGPASSWORD", PostgresExtension.APP_PASSWORD);
    }
    command.addAll(List.of("-d", SampleSchema.DATABASE, "-c", sql));
    Process process = builder.command(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("psql did not finish: " + sql);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Each line of the excerpt is in the output, in order; "..." skips, "x..." is a prefix. */
  private static void assertShows(Step step, String output) {
    List<String> actual = output.lines().map(WalkthroughIT::normalised).toList();
    int at = 0;
    for (String expected : step.expected().lines().map(WalkthroughIT::normalised).toList()) {
      if (expected.equals("...")) {
        continue;
      }
      boolean prefix = expected.endsWith("...");
      String wanted = prefix ? expected.substring(0, expected.length() - 3) : expected;
      int found = -1;
      for (int i = at; i < actual.size() && found < 0; i++) {
        if (prefix ? actual.get(i).startsWith(wanted) : actual.get(i).equals(wanted)) {
          found = i;
        }
      }
      if (found < 0) {
        fail(
            "the walk-through shows\n  "
                + expected
                + "\nafter\n  "
                + step.command()
                + "\nbut psql printed\n"
                + output);
      }
      at = found + 1;
    }
  }

  private static String normalised(String line) {
    return HASH.matcher(line.stripTrailing()).replaceAll("<hash>");
  }

  private static boolean psqlInstalled() {
    try {
      Process process = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
