package io.dbwarden.sidecar.sql.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.catalog.Catalog;
import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.testing.DemoCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StatementAnalyzerTest {

  private static final Catalog CATALOG = DemoCatalog.CATALOG;
  private static final AnalysisScope DEFAULT = AnalysisScope.of(CATALOG);

  private final StatementAnalyzer analyzer = new StatementAnalyzer();

  private StatementAnalysis analyze(String sql) throws AnalysisException {
    return analyzer.analyze(sql, DEFAULT);
  }

  private StatementAnalysis analyze(String sql, AnalysisScope scope) throws AnalysisException {
    return analyzer.analyze(sql, scope);
  }

  private static Set<String> names(Set<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.toSet());
  }

  private static OutputColumn column(StatementAnalysis analysis, String name) {
    return analysis.lineage().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no output column " + name));
  }

  @Nested
  class NameResolution {

    @Test
    void unqualifiedNamesFollowTheSearchPath() throws AnalysisException {
      AnalysisScope archiveFirst =
          new AnalysisScope(CATALOG, List.of("archive", "public"), Set.of());

      assertThat(names(analyze("SELECT id FROM orders", archiveFirst).tablesRead()))
          .containsExactly("archive.orders");
      // only public has order_items
      assertThat(names(analyze("SELECT sku FROM order_items", archiveFirst).tablesRead()))
          .containsExactly("public.order_items");
    }

    @Test
    void temporaryTablesComeFirstThenPgCatalog() throws AnalysisException {
      AnalysisScope withTemp =
          new AnalysisScope(CATALOG, List.of("public"), Set.of("customers", "pg_class"));

      assertThat(names(analyze("SELECT * FROM customers", withTemp).tablesRead()))
          .containsExactly("pg_temp.customers");
      assertThat(names(analyze("SELECT relname FROM pg_class", withTemp).tablesRead()))
          .containsExactly("pg_temp.pg_class");
      assertThat(names(analyze("SELECT relname FROM pg_class").tablesRead()))
          .containsExactly("pg_catalog.pg_class");
    }

    @Test
    void pgCatalogListedExplicitlyIsSearchedInItsPlace() throws AnalysisException {
      AnalysisScope publicFirst =
          new AnalysisScope(CATALOG, List.of("public", "pg_catalog"), Set.of());
      AnalysisScope shadowing =
          new AnalysisScope(
              new CatalogSnapshot(
                  List.of(
                      new Relation(
                          new TableRef("public", "pg_class"),
                          Relation.Kind.TABLE,
                          List.of(),
                          Set.of()),
                      CATALOG.relation("pg_catalog", "pg_class").orElseThrow()),
                  2),
              List.of("public", "pg_catalog"),
              Set.of());

      assertThat(names(analyze("SELECT 1 FROM pg_class", publicFirst).tablesRead()))
          .containsExactly("pg_catalog.pg_class");
      assertThat(names(analyze("SELECT 1 FROM pg_class", shadowing).tablesRead()))
          .containsExactly("public.pg_class");
    }

    @Test
    void unknownRelationsBelongToTheFirstSearchPathSchema() throws AnalysisException {
      AnalysisScope scope = new AnalysisScope(CATALOG, List.of("app", "public"), Set.of());

      assertThat(names(analyze("SELECT a FROM brand_new", scope).tablesRead()))
          .containsExactly("app.brand_new");
      assertThat(names(analyze("CREATE TABLE t (id int)", scope).tablesWritten()))
          .containsExactly("app.t");
    }

    @Test
    void anEmptySearchPathFailsClosedForUnqualifiedNewNames() throws AnalysisException {
      AnalysisScope empty = new AnalysisScope(CATALOG, List.of(), Set.of());

      assertThat(analyze("SELECT a FROM brand_new", empty).unknown())
          .contains("no schema on search_path");
      assertThat(names(analyze("SELECT rolname FROM pg_authid", empty).tablesRead()))
          .containsExactly("pg_catalog.pg_authid");
    }

    @Test
    void crossDatabaseNamesFailClosed() throws AnalysisException {
      assertThat(analyze("SELECT * FROM shop.public.customers").unknown())
          .contains("cross-database");
    }

    @Test
    void unqualifiedColumnsAreResolvedThroughTheCatalog() throws AnalysisException {
      StatementAnalysis analysis =
          analyze(
              "SELECT email, status, sku FROM customers c"
                  + " JOIN orders o ON o.customer_id = c.id"
                  + " JOIN order_items i ON i.order_id = o.id");

      assertThat(names(analysis.columnsRead()))
          .containsExactlyInAnyOrder(
              "public.customers.email",
              "public.orders.status",
              "public.order_items.sku",
              "public.orders.customer_id",
              "public.customers.id",
              "public.order_items.order_id",
              "public.orders.id");
    }

    @Test
    void correlatedColumnsResolveToTheOuterQuery() throws AnalysisException {
      StatementAnalysis analysis =
          analyze(
              "SELECT id FROM customers WHERE EXISTS"
                  + " (SELECT 1 FROM orders WHERE customer_id = customers.id AND ssn IS NULL)");

      // ssn is not a column of orders, so it is the outer customers' column
      assertThat(names(analysis.columnsRead())).contains("public.customers.ssn");
    }

    @Test
    void subqueriesInFromDoNotSeeTheirSiblingsWithoutLateral() throws AnalysisException {
      StatementAnalysis analysis =
          analyze("SELECT * FROM customers c, (SELECT count(*) FROM orders WHERE c.id = 1) s");

      assertThat(analysis.unknown()).contains("missing FROM-clause entry for \"c\"");
    }
  }

  @Nested
  class Lineage {

    @Test
    void expressionsCarryEverySource() throws AnalysisException {
      StatementAnalysis analysis =
          analyze(
              "SELECT upper(c.full_name) || ' ' || coalesce(c.phone, '') AS who,"
                  + " CASE WHEN c.ssn IS NULL THEN 'no' ELSE 'yes' END AS has_ssn,"
                  + " o.total_cents::numeric / 100 AS euros"
                  + " FROM customers c JOIN orders o ON o.customer_id = c.id");

      assertThat(names(column(analysis, "who").sources()))
          .containsExactlyInAnyOrder("public.customers.full_name", "public.customers.phone");
      assertThat(names(column(analysis, "has_ssn").sources()))
          .containsExactly("public.customers.ssn");
      assertThat(names(column(analysis, "euros").sources()))
          .containsExactly("public.orders.total_cents");
    }

    @Test
    void columnsThroughCtesSubqueriesAndSetOperations() throws AnalysisException {
      StatementAnalysis analysis =
          analyze(
              "WITH contacts AS (SELECT email AS address FROM customers"
                  + " UNION SELECT email FROM employees)"
                  + " SELECT s.address FROM (SELECT address FROM contacts) s");

      assertThat(analysis.lineage()).hasSize(1);
      assertThat(names(column(analysis, "address").sources()))
          .containsExactlyInAnyOrder("public.customers.email", "public.employees.email");
      assertThat(names(analysis.tablesRead()))
          .containsExactlyInAnyOrder("public.customers", "public.employees");
    }

    @Test
    void filtersAreReadButAreNoSources() throws AnalysisException {
      StatementAnalysis analysis =
          analyze(
              "SELECT count(*) FILTER (WHERE o.status = 'paid') AS paid FROM orders o"
                  + " WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)");

      assertThat(column(analysis, "paid").sources()).isEmpty();
      assertThat(names(analysis.columnsRead()))
          .contains("public.orders.status", "public.customers.id");
    }

    @Test
    void starOverAJoinListsUsingColumnsOnce() throws AnalysisException {
      StatementAnalysis analysis =
          analyze("SELECT * FROM orders JOIN order_items ON true JOIN customers USING (id)");

      List<String> names = analysis.lineage().stream().map(OutputColumn::name).toList();
      assertThat(names.get(0)).isEqualTo("id");
      assertThat(names.stream().filter("id"::equals)).hasSize(1);
      assertThat(names(column(analysis, "id").sources()))
          .containsExactlyInAnyOrder("public.orders.id", "public.customers.id");
    }

    @Test
    void returningOfWritesHasLineage() throws AnalysisException {
      StatementAnalysis analysis =
          analyze("DELETE FROM api_keys WHERE id = $1 RETURNING secret, customer_id AS owner");

      assertThat(analysis.lineage())
          .extracting(OutputColumn::name)
          .containsExactly("secret", "owner");
      assertThat(names(column(analysis, "secret").sources()))
          .containsExactly("public.api_keys.secret");
    }

    @Test
    void writesWithoutReturningAndDdlReturnNoRows() throws AnalysisException {
      assertThat(analyze("UPDATE orders SET status = 'x' WHERE id = 1").lineage()).isEmpty();
      assertThat(analyze("CREATE TABLE t AS SELECT * FROM customers").lineage()).isEmpty();
      assertThat(analyze("SELECT * INTO t FROM customers").lineage()).isEmpty();
    }
  }

  @Nested
  class ConstantsNeverMatter {

    @Test
    void statementsOfTheSameShapeGetTheSameAnalysis() throws AnalysisException {
      List<List<String>> sameShape =
          List.of(
              List.of(
                  "DELETE FROM orders WHERE 1 = 1",
                  "DELETE FROM orders WHERE 1 = 2",
                  "DELETE FROM orders WHERE 10000 = 2"),
              List.of(
                  "UPDATE customers SET city = 'a' WHERE 'a' = 'a'",
                  "UPDATE customers SET city = 'bbbb' WHERE 'a' = 'b'"),
              List.of(
                  "DELETE FROM orders WHERE total_cents + 1 = total_cents + 1",
                  "DELETE FROM orders WHERE total_cents + 1 = total_cents + 22"),
              List.of(
                  "SELECT email FROM customers WHERE id = 1 LIMIT 5",
                  "SELECT email FROM customers WHERE id = 99 LIMIT 500"),
              List.of(
                  "SELECT email FROM customers ORDER BY 1",
                  "SELECT email FROM customers ORDER BY 2"));
      for (List<String> group : sameShape) {
        StatementAnalysis first = analyze(group.get(0));
        for (String other : group.subList(1, group.size())) {
          assertThat(analyze(other)).as(other).isEqualTo(first);
        }
      }
    }

    @Test
    void dollarQuotesAndEscapesCannotHideSyntax() throws AnalysisException {
      // to JSqlParser's own lexer the E'' quote would end at the backslash
      StatementAnalysis analysis =
          analyze("SELECT E'\\'' AS q, $x$ ' $x$ AS d, ssn FROM customers WHERE ssn <> ''");

      assertThat(analysis.lineage())
          .extracting(OutputColumn::name)
          .containsExactly("q", "d", "ssn");
    }
  }

  @Nested
  class FailClosed {

    @Test
    void unknownNodesAreNamed() throws AnalysisException {
      assertThat(analyze("SELECT @total_cents FROM orders").unknown())
          .isEqualTo("unsupported expression: UserVariable");
      assertThat(analyze("CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int)").unknown())
          .isEqualTo("unsupported statement: UnsupportedStatement");
    }

    @Test
    void anUnknownInsideAnInnerStatementReachesTheOuterOne() throws AnalysisException {
      StatementAnalysis prepared = analyze("PREPARE p AS SELECT @total_cents FROM orders");
      StatementAnalysis explained = analyze("EXPLAIN SELECT @total_cents FROM orders");

      assertThat(prepared.understood()).isFalse();
      assertThat(prepared.inner().understood()).isFalse();
      assertThat(explained.understood()).isFalse();
    }

    @Test
    void syntaxErrorsSayWhereWithoutEchoingConstants() {
      assertThatThrownBy(
              () ->
                  analyze(
                      "SELECT email\nFROM customers\nWHERE ssn = '999-12-3456' 'x' AND card = 4111"))
          .isInstanceOfSatisfying(
              AnalysisException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo(
                        "cannot parse statement: unexpected string constant at line 3, column 27")
                    .doesNotContain("999");
                assertThat(e.position()).isEqualTo(55);
                assertThat(e.timedOut()).isFalse();
              });
      assertThatThrownBy(() -> analyze("SELECT * FROM customers WHERE id = 12345 67890"))
          .hasMessage("cannot parse statement: unexpected numeric constant at line 1, column 42");
    }

    @Test
    void errorsInsideWrappedStatementsPointIntoTheWholeText() {
      assertThatThrownBy(() -> analyze("EXPLAIN ANALYZE SELEC 1"))
          .isInstanceOfSatisfying(
              AnalysisException.class, e -> assertThat(e.position()).isEqualTo(17));
    }

    @Test
    void exactlyOneStatementIsAnalysed() {
      assertThatThrownBy(() -> analyze("SELECT 1; DROP TABLE customers"))
          .hasMessageContaining("more than one statement");
      assertThatThrownBy(() -> analyze("  /* nothing */ ")).hasMessageContaining("empty statement");
      assertThatThrownBy(() -> analyze("SELECT " + "(".repeat(150) + "1" + ")".repeat(150)))
          .hasMessageContaining("nested too deeply");
    }
  }

  @Nested
  class Cancellation {

    /** Needs JSqlParser's complex parsing, exponential in the nesting: seconds uncancelled. */
    private static final String SLOW =
        "SELECT substring(email FROM 1 FOR 2) FROM customers WHERE "
            + "(".repeat(10)
            + "id = 1"
            + ")".repeat(10);

    @Test
    void aCancelledParseStopsPromptlyWithATimeout() throws Exception {
      ParseCancellation cancellation = new ParseCancellation();
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      try {
        timer.schedule(cancellation::cancel, 10, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> analyzer.analyze(SLOW, DEFAULT, cancellation))
            .isInstanceOfSatisfying(
                AnalysisException.class,
                e -> {
                  assertThat(e.timedOut()).isTrue();
                  assertThat(e.getMessage()).contains("timed out");
                });
      } finally {
        timer.shutdownNow();
      }
    }

    @Test
    void aCancellationBeforeTheStartTimesOutAtOnce() {
      ParseCancellation cancellation = new ParseCancellation();
      cancellation.cancel();

      assertThatThrownBy(() -> analyzer.analyze("SELECT 1", DEFAULT, cancellation))
          .isInstanceOfSatisfying(AnalysisException.class, e -> assertThat(e.timedOut()).isTrue());
    }

    @Test
    void cancellingAfterwardsChangesNothing() throws AnalysisException {
      ParseCancellation cancellation = new ParseCancellation();
      StatementAnalysis analysis = analyzer.analyze("SELECT 1", DEFAULT, cancellation);
      cancellation.cancel();

      assertThat(analysis.operation()).isEqualTo(Operation.SELECT);
    }
  }

  @Nested
  class Settings {

    @Test
    void setStatementsReportNameValueAndScope() {
      assertThat(SettingChanges.of("SET search_path TO \"$user\", public"))
          .contains(new SettingChange("search_path", "\"$user\", public", false));
      assertThat(SettingChanges.of("set local search_path = archive"))
          .contains(new SettingChange("search_path", "archive", true));
      assertThat(SettingChanges.of("SET SCHEMA 'archive'"))
          .contains(new SettingChange("search_path", "'archive'", false));
      assertThat(SettingChanges.of("SET ROLE admin"))
          .contains(new SettingChange("role", "admin", false));
      assertThat(SettingChanges.of("SET SESSION AUTHORIZATION DEFAULT"))
          .contains(new SettingChange("session_authorization", null, false));
      assertThat(SettingChanges.of("/* c */ SET TIME ZONE 'UTC'"))
          .contains(new SettingChange("timezone", "'UTC'", false));
      assertThat(SettingChanges.of("SET work_mem TO DEFAULT"))
          .contains(new SettingChange("work_mem", null, false));
      assertThat(SettingChanges.of("SET myapp.tenant = 42"))
          .contains(new SettingChange("myapp.tenant", "42", false));
    }

    @Test
    void resetsHaveNoValue() {
      assertThat(SettingChanges.of("RESET ALL")).contains(new SettingChange("all", null, false));
      assertThat(SettingChanges.of("RESET role")).contains(new SettingChange("role", null, false));
      assertThat(SettingChanges.of("RESET search_path").orElseThrow().isReset()).isTrue();
    }

    @Test
    void otherStatementsChangeNoSetting() {
      assertThat(SettingChanges.of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isEmpty();
      assertThat(SettingChanges.of("SELECT set_config('role', 'x', false)")).isEmpty();
      assertThat(SettingChanges.of("SET search_path TO (SELECT 1)")).isEmpty();
      assertThat(SettingChanges.of("SHOW search_path")).isEmpty();
    }

    @Test
    void setConfigTargetsAreReadFromTheText() {
      assertThat(SettingChanges.setConfigTargets("SELECT set_config('ROLE', 'x', false)"))
          .containsExactly("role");
      assertThat(
              SettingChanges.setConfigTargets(
                  "SELECT pg_catalog.set_config($$search_path$$, '', false), set_config($1, 'x', true)"))
          .containsExactly("search_path", SettingChanges.ANY_SETTING);
      assertThat(SettingChanges.setConfigTargets("SELECT 1")).isEmpty();
    }

    @Test
    void setRoleIsAFeatureOfTheAnalysis() throws AnalysisException {
      assertThat(analyze("SET LOCAL ROLE admin").features()).containsExactly(Feature.SET_ROLE);
      assertThat(analyze("SET search_path TO public").features()).isEmpty();
    }
  }

  @Nested
  class WrappedStatements {

    @Test
    void prepareKeepsTheStatementItPrepares() throws AnalysisException {
      StatementAnalysis prepared =
          analyze("PREPARE upd (bigint, text) AS UPDATE customers SET city = $2 WHERE id = $1");

      assertThat(prepared.operation()).isEqualTo(Operation.PREPARE);
      assertThat(prepared.preparedName()).isEqualTo("upd");
      assertThat(prepared.tablesWritten()).isEmpty();
      assertThat(prepared.inner().operation()).isEqualTo(Operation.UPDATE);
      assertThat(names(prepared.inner().columnsWritten())).containsExactly("public.customers.city");
    }

    @Test
    void executeAndDeallocateNameThePreparedStatement() throws AnalysisException {
      assertThat(analyze("EXECUTE \"Upd\"(1, 'x')").preparedName()).isEqualTo("Upd");
      assertThat(analyze("DEALLOCATE upd").preparedName()).isEqualTo("upd");
      assertThat(analyze("DEALLOCATE ALL").preparedName()).isNull();
    }

    @Test
    void explainCarriesItsInnerStatement() throws AnalysisException {
      StatementAnalysis explained = analyze("EXPLAIN ANALYZE UPDATE orders SET status = 'x'");

      assertThat(explained.operation()).isEqualTo(Operation.EXPLAIN);
      assertThat(explained.inner().operation()).isEqualTo(Operation.UPDATE);
      assertThat(names(explained.tablesWritten())).containsExactly("public.orders");
      assertThat(explained.features()).containsExactly(Feature.UNBOUNDED_WRITE);
    }

    @Test
    void aCursorIsItsQuery() throws AnalysisException {
      StatementAnalysis cursor = analyze("DECLARE c SCROLL CURSOR FOR SELECT email FROM customers");
      assertThat(cursor)
          .usingRecursiveComparison()
          .ignoringFields("references")
          .isEqualTo(analyze("SELECT email FROM customers"));
      // positions count from the DECLARE's first token
      assertThat(cursor.references())
          .containsExactly(
              new TableReference(
                  new TableRef("public", "customers"), 8, 9, false, TableReference.Kind.FROM_ITEM));
    }
  }

  @Test
  void oneAnalyzerServesManyThreads() throws Exception {
    List<String> statements =
        List.of(
            "SELECT c.email, o.total_cents FROM customers c JOIN orders o ON o.customer_id = c.id",
            "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
            "UPDATE customers SET city = 'x' WHERE id = $1",
            "COPY (SELECT ssn FROM customers) TO STDOUT",
            "SET search_path TO archive");
    List<StatementAnalysis> expected = new ArrayList<>();
    for (String statement : statements) {
      expected.add(analyze(statement));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int index = i % statements.size();
        Callable<Boolean> task = () -> analyze(statements.get(index)).equals(expected.get(index));
        results.add(pool.submit(task));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
