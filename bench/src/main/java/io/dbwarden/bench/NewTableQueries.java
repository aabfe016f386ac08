package io.dbwarden.bench;

import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PeopleTable;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * How much longer the first query against a new table takes than the second: as a masked reader,
 * whose first query waits for the table's classification, and as an exempt one, whose first query
 * only misses the analysis cache. Each table is created through the proxy, as DDL usually reaches
 * it, so that the proxy reloads its catalog; the reader's first query follows as soon as the
 * proxy's catalog has the table. Before each table the classifier is left to finish what earlier
 * tables started, so that each measurement starts from an idle proxy.
 */
final class NewTableQueries {

  private static final int ROWS = 10_000;
  private static final long ROW = 42;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** One new table for each reader, and the relations in the database before them. */
  private record Trial(
      int relations, long maskedFirst, long maskedSecond, long exemptFirst, long exemptSecond) {}

  private final CatalogService catalogs;
  private final Connection creator;
  private final String source;
  private final List<Trial> trials = new ArrayList<>();

  /**
   * @param catalogs the proxy's catalogs, watched to start reading as soon as a table is known
   * @param creator a connection through the proxy allowed to create tables
   * @param source a {@link PeopleTable} the new tables copy their rows from
   */
  NewTableQueries(CatalogService catalogs, Connection creator, String source) {
    this.catalogs = catalogs;
    this.creator = creator;
    this.source = source;
  }

  void run(int tables, Connection masked, Connection exempt) throws SQLException {
    for (int i = 0; i < tables; i++) {
      settle();
      int relations = knownRelations().size();
      long[] maskedTimes = firstTwo("new_masked_" + i, masked, PeopleTable.masked(ROW));
      settle();
      long[] exemptTimes = firstTwo("new_exempt_" + i, exempt, PeopleTable.clear(ROW));
      trials.add(
          new Trial(relations, maskedTimes[0], maskedTimes[1], exemptTimes[0], exemptTimes[1]));
    }
    // nothing left running against the database when the proxy stops
    settle();
  }

  /** Creates the table, waits until the proxy knows it, and times the first two reads. */
  private long[] firstTwo(String table, Connection reader, List<String> expected)
      throws SQLException {
    try (Statement s = creator.createStatement()) {
      s.execute("CREATE TABLE " + table + " AS SELECT * FROM " + source + " WHERE id <= " + ROWS);
    }
    // Until the reload lands the proxy does not know the table, so it neither classifies nor
    // masks it: a query then would measure nothing (and read clear values, see bench/README.md).
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    while (catalogs
        .catalog(SampleSchema.DATABASE)
        .join()
        .catalog()
        .relation("public", table)
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the proxy's catalog never showed " + table);
      }
      // polled closely, so that the first query follows the reload as a client's would
      LockSupport.parkNanos(100_000);
    }
    String query = "SELECT email, ssn, card_number FROM " + table + " WHERE id = " + ROW;
    return new long[] {Reads.row(reader, query, expected), Reads.row(reader, query, expected)};
  }

  /** Waits until every relation in the current catalog is classified. */
  private void settle() {
    long version = catalogs.catalog(SampleSchema.DATABASE).join().catalog().version();
    for (Relation relation : knownRelations()) {
      catalogs.classifier().classify(SampleSchema.DATABASE, relation, version).join();
    }
  }

  private List<Relation> knownRelations() {
    CatalogSnapshot snapshot =
        (CatalogSnapshot) catalogs.catalog(SampleSchema.DATABASE).join().catalog();
    return snapshot.relations().stream()
        .filter(relation -> relation.ref().schema().equals("public"))
        .toList();
  }

  void report(PrintStream out, String masked, String exempt) {
    out.printf(
        "First and second query (one row by id) against a new %,d-row table created through the"
            + " proxy, in ms; relations: tables and views in the database before the two new tables.%n%n",
        ROWS);
    out.printf(
        "| relations | %1$s first | %1$s second | added | %2$s first | %2$s second | added |%n",
        masked, exempt);
    out.println("|--:|--:|--:|--:|--:|--:|--:|");
    for (Trial trial : trials) {
      out.printf(
          "| %d | %.1f | %.1f | %+.1f | %.1f | %.1f | %+.1f |%n",
          trial.relations(),
          trial.maskedFirst() / 1e6,
          trial.maskedSecond() / 1e6,
          (trial.maskedFirst() - trial.maskedSecond()) / 1e6,
          trial.exemptFirst() / 1e6,
          trial.exemptSecond() / 1e6,
          (trial.exemptFirst() - trial.exemptSecond()) / 1e6);
    }
    out.printf(
        "| median | %.1f | %.1f | %+.1f | %.1f | %.1f | %+.1f |%n",
        median(Trial::maskedFirst),
        median(Trial::maskedSecond),
        median(t -> t.maskedFirst() - t.maskedSecond()),
        median(Trial::exemptFirst),
        median(Trial::exemptSecond),
        median(t -> t.exemptFirst() - t.exemptSecond()));
  }

  private double median(ToLongFunction<Trial> measurement) {
    Timings timings = new Timings();
    trials.forEach(trial -> timings.add(measurement.applyAsLong(trial)));
    return timings.medianMillis();
  }
}
