package io.dbwarden.sidecar.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a routine may read, worked out from its body and the routines it calls. */
class RoutinesTest {

  private static final TableRef CUSTOMERS = new TableRef("public", "customers");
  private static final TableRef ARCHIVED = new TableRef("archive", "customers");
  private static final TableRef ORDERS = new TableRef("public", "orders");
  private static final List<Relation> RELATIONS =
      List.of(
          table(CUSTOMERS),
          table(ARCHIVED),
          table(ORDERS),
          table(new TableRef("pg_catalog", "pg_class")));

  @Test
  void aRoutineReadsEveryRelationItNamesInAnySchema() {
    Routine routine = only(resolve(sql("a", "SELECT email FROM customers")), "a");
    assertThat(routine.reads()).containsExactlyInAnyOrder(CUSTOMERS, ARCHIVED);
    assertThat(routine.opaque()).isNull();
  }

  @Test
  void wordsInsideStringsCountSinceSomeFunctionsRunSqlGivenAsText() {
    Routine routine =
        only(
            resolve(sql("a", "SELECT query_to_xml('select * from \"orders\"', true, true, '')")),
            "a");
    assertThat(routine.reads()).containsExactly(ORDERS);
  }

  @Test
  void callsAreFollowedAndCyclesEnd() {
    Map<String, List<Routine>> routines =
        resolve(
            sql("a", "SELECT b()"),
            sql("b", "SELECT c() FROM orders"),
            sql("c", "SELECT a() FROM customers"));
    assertThat(only(routines, "a").reads()).contains(ORDERS, CUSTOMERS);
    assertThat(only(routines, "public.a").reads()).contains(ORDERS, CUSTOMERS);
  }

  @Test
  void dynamicSqlAndUnreadableLanguagesMakeARoutineOpaqueAndSoItsCallers() {
    Map<String, List<Routine>> routines =
        resolve(
            new Routines.Defined(
                "public", "dyn", "plpgsql", RoutineBody.of("plpgsql", "BEGIN EXECUTE q; END")),
            new Routines.Defined("public", "py", "plpython3u", RoutineBody.of("plpython3u", "")),
            sql("caller", "SELECT py()"));
    assertThat(only(routines, "dyn").opaque()).isEqualTo("runs dynamic SQL (EXECUTE)");
    assertThat(only(routines, "py").opaque()).contains("plpython3u");
    assertThat(only(routines, "caller").opaque()).startsWith("calls public.py, which is written");
  }

  @Test
  void systemCatalogsAreNotCountedAsReads() {
    assertThat(only(resolve(sql("a", "SELECT relname FROM pg_class")), "a").reads()).isEmpty();
  }

  private static Routines.Defined sql(String name, String body) {
    return new Routines.Defined("public", name, "sql", RoutineBody.of("sql", body));
  }

  private static Map<String, List<Routine>> resolve(Routines.Defined... defined) {
    return Routines.resolve(List.of(defined), RELATIONS);
  }

  private static Routine only(Map<String, List<Routine>> routines, String name) {
    assertThat(routines.get(name)).hasSize(1);
    return routines.get(name).get(0);
  }

  private static Relation table(TableRef ref) {
    return new Relation(ref, Relation.Kind.TABLE, List.of(), Set.of());
  }
}
