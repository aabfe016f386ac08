package io.dbwarden.sidecar.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.testing.AnalysisCorpus;
import io.dbwarden.sidecar.testing.AnalysisCorpus.Entry;
import io.dbwarden.sidecar.testing.DemoCatalog;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement of the analysis corpus through the whole decision step (lexer, analysis cache,
 * judge) under the corpus policy: User {@code corpus} may do anything on {@code public.*} and
 * {@code pg_temp.*}, guardrail preset {@code default}. Each session has created temporary table
 * {@code tmp} first, as the corpus assumes.
 */
class PolicyCorpusTest {

  private static final String POLICY =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata: {name: corpus}
      spec:
        rules:
          - name: corpus-all
            subjects: [{kind: User, name: corpus}]
            operations: [ALL]
            tables: ["public.*", "pg_temp.*"]
        # the corpus judges permissions and guardrails; masking has its own tests
        masking: {auto: false}
      """;

  private static final Identity CORPUS =
      new Identity(Identity.Kind.User, "corpus", List.of(), null, Identity.Method.SCRAM);

  private static PolicyEngine engine;

  @BeforeAll
  static void start() {
    engine =
        new PolicyEngine(
            PolicySet.of(PolicyCompiler.compile(PolicyDocuments.parse(POLICY).policy())),
            CatalogService.fixed(DemoCatalog.CATALOG, List.of("public")),
            Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static Stream<Arguments> entries() throws IOException {
    return AnalysisCorpus.entries().stream().map(Arguments::of);
  }

  private static Decision decide(CheckSession session, String sql) throws Exception {
    return engine
        .decider()
        .decide(session, new StatementRequest(sql, StatementRequest.Protocol.SIMPLE))
        .toCompletableFuture()
        .get();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entries")
  void decision(Entry entry) throws Exception {
    CheckSession session = new CheckSession(CORPUS, "shop");
    assertThat(decide(session, "CREATE TEMP TABLE tmp (id int, note text)").allowed()).isTrue();
    Decision decision = decide(session, entry.sql());
    String actual = decision.allowed() ? "allow" : "deny:" + decision.rule();
    assertThat(actual).as(decision.reason()).isEqualTo(entry.decision());
  }
}
