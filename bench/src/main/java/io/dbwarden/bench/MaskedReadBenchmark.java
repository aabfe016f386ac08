package io.dbwarden.bench;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PeopleTable;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.TestPolicies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What masking at the source costs on a large read. Reads every row of a table of people (id, three
 * protected columns, two plain ones) with pgjdbc: straight from PostgreSQL; through the proxy as
 * alice, whose statement the proxy rewrites so that the database masks the three columns; and
 * through the proxy as bob, who is exempt, with the same statement. Exempt/direct is what the proxy
 * costs, masked/exempt what masking adds to it. Then {@link NewTableQueries}: how much a new
 * table's classification delays its first query.
 *
 * <p>A plain program rather than a JMH benchmark: the figures wanted are ratios between three
 * targets sharing one PostgreSQL on a small shared machine, so the targets are measured round by
 * round, interleaved, so that drift hits them alike (JMH runs one benchmark after the other); and a
 * table's first query is a one-off event, not a steady state JMH could iterate.
 *
 * <p>Run with {@code java -cp bench/target/benchmarks.jar io.dbwarden.bench.MaskedReadBenchmark};
 * system properties {@code rows}, {@code warmup}, {@code rounds} and {@code tables} change the
 * defaults. Progress goes to stderr, the Markdown report to stdout.
 */
public final class MaskedReadBenchmark {

  private static final String APP_PASSWORD = "bench-app";
  private static final String SUPERUSER_PASSWORD = "bench-postgres";
  private static final String TABLE = "people";
  private static final long ROW = 42;
  private static final String MASKED = "alice (masked)";
  private static final String EXEMPT = "bob (exempt)";

  /** One way of reaching the table. */
  private record Target(String name, Connection connection, Timings timings) {}

  private MaskedReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("rows", 100_000);
    int warmup = Integer.getInteger("warmup", 5);
    int rounds = Integer.getInteger("rounds", 20);
    int tables = Integer.getInteger("tables", 10);
    String loadBefore = loadAverage();
    log("starting PostgreSQL, filling " + TABLE + " with " + rows + " rows");
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().superuserPassword(SUPERUSER_PASSWORD).start()) {
      SampleSchema.load(postgres, APP_PASSWORD);
      try (Connection admin = postgres.connect(SampleSchema.DATABASE)) {
        PeopleTable.create(admin, TABLE, rows);
      }
      try (ProxyFixture proxy =
              ProxyFixture.builder(postgres)
                  .upstreamCredentials(SampleSchema.APP_ROLE, APP_PASSWORD)
                  .policy(TestPolicies.demoWithoutRowLimits())
                  .start();
          // the role the proxy logs in as upstream, so that only the proxy differs
          Connection direct =
              DriverManager.getConnection(
                  postgres.jdbcUrl(SampleSchema.DATABASE) + "?sslmode=disable",
                  SampleSchema.APP_ROLE,
                  APP_PASSWORD);
          Connection alice = proxy.connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "");
          Connection bob = proxy.connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, "")) {
        String row = "SELECT email, ssn, card_number FROM " + TABLE + " WHERE id = " + ROW;
        // alice must read masked values and the others clear ones, or nothing is measured
        Reads.row(direct, row, PeopleTable.clear(ROW));
        Reads.row(bob, row, PeopleTable.clear(ROW));
        Reads.row(alice, row, PeopleTable.masked(ROW));
        List<Target> targets =
            List.of(
                new Target("direct", direct, new Timings()),
                new Target("proxy, " + MASKED, alice, new Timings()),
                new Target("proxy, " + EXEMPT, bob, new Timings()));
        String query = "SELECT " + PeopleTable.COLUMNS + " FROM " + TABLE;
        log(warmup + " warm-up and " + rounds + " measured rounds of " + query);
        for (int round = 0; round < warmup + rounds; round++) {
          for (int i = 0; i < targets.size(); i++) {
            // each round starts with another target, so that none always follows the same one
            Target target = targets.get((round + i) % targets.size());
            long nanos = Reads.all(target.connection(), query, rows);
            if (round >= warmup) {
              target.timings().add(nanos);
            }
          }
        }
        log("first queries against " + tables + " new tables for each reader");
        NewTableQueries newTables = new NewTableQueries(proxy.engine().catalogs(), bob, TABLE);
        newTables.run(tables, alice, bob);

        PrintStream out = System.out;
        out.printf(
            "Reading %,d rows (%s) with pgjdbc, median of %d interleaved rounds after %d"
                + " warm-up rounds, in ms:%n%n",
            rows, PeopleTable.COLUMNS, rounds, warmup);
        reportReads(out, targets);
        out.println();
        newTables.report(out, MASKED, EXEMPT);
        out.printf(
            "%n%d cores (%s), Java %s, PostgreSQL %s; load average before %s, after %s.%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.arch"),
            System.getProperty("java.version"),
            serverVersion(direct),
            loadBefore,
            loadAverage());
      }
    }
  }

  private static void reportReads(PrintStream out, List<Target> targets) {
    double direct = targets.get(0).timings().medianMillis();
    out.println("| target | median | min | max | / direct |");
    out.println("|---|--:|--:|--:|--:|");
    for (Target target : targets) {
      Timings timings = target.timings();
      out.printf(
          "| %s | %.1f | %.1f | %.1f | %.2f |%n",
          target.name(),
          timings.medianMillis(),
          timings.minMillis(),
          timings.maxMillis(),
          timings.medianMillis() / direct);
    }
    out.printf(
        "%nmasked / exempt: %.2f (what masking adds to the proxy's own cost)%n",
        targets.get(1).timings().medianMillis() / targets.get(2).timings().medianMillis());
  }

  private static String serverVersion(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static void log(String message) {
    System.err.println("[masked-read] " + message);
  }
}
