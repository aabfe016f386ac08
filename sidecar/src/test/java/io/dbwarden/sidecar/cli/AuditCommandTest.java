package io.dbwarden.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.audit.JsonLinesAuditSink;
import io.dbwarden.sidecar.audit.RotatingFileAuditOutput;
import io.dbwarden.sidecar.identity.Identity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dbwarden audit verify} and {@code dbwarden audit lineage} on files the sink wrote. */
class AuditCommandTest {

  @TempDir Path dir;
  private Path file;

  private record Run(int code, String out, String err) {}

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DbwardenCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 1];
    full[0] = "audit";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  private static AuditEvents.Connection connection(String name, String group) {
    return new AuditEvents.Connection(
        "s-" + name,
        new Identity(Identity.Kind.User, name, List.of(group), null, Identity.Method.SCRAM),
        "127.0.0.1:5000",
        "psql",
        "shop");
  }

  private static StatementInfo statement(
      long seq,
      String text,
      List<String> tablesRead,
      List<String> tablesWritten,
      List<String> columnsRead,
      List<String> columnsWritten) {
    return new StatementInfo(
        seq,
        text,
        "0123456789abcdef",
        "SELECT",
        "simple",
        tablesRead,
        tablesWritten,
        columnsRead,
        columnsWritten,
        List.of(),
        null);
  }

  private static void statement(
      JsonLinesAuditSink sink,
      AuditEvents.Connection who,
      StatementInfo statement,
      String action,
      List<String> masked) {
    DecisionInfo decision = new DecisionInfo(action, "rule", null);
    sink.record(AuditEvents.intent(who, statement, decision, "v1"));
    sink.record(
        AuditEvents.completed(
            who,
            statement,
            decision,
            new ResultInfo(1L, masked == null ? 0L : 1L, masked, null, null, null, null),
            5,
            10,
            "v1"));
  }

  @BeforeEach
  void write() {
    file = dir.resolve("audit.jsonl");
    AuditEvents.Connection alice = connection("alice", "analysts");
    AuditEvents.Connection bob = connection("bob", "dba");
    try (JsonLinesAuditSink sink =
        new JsonLinesAuditSink(new RotatingFileAuditOutput(file, 1 << 20, 2))) {
      sink.record(AuditEvents.policyLoaded("shop", "v1", "policy.yaml"));
      statement(
          sink,
          alice,
          statement(
              1,
              "SELECT email FROM customers",
              List.of("public.customers"),
              List.of(),
              List.of("public.customers.email"),
              List.of()),
          "mask",
          List.of("public.customers.email"));
      statement(
          sink,
          alice,
          statement(
              2,
              "SELECT count(*) FROM orders",
              List.of("public.orders"),
              List.of(),
              List.of(),
              List.of()),
          "allow",
          null);
      statement(
          sink,
          alice,
          statement(
              3,
              "SELECT secret FROM api_keys",
              List.of("public.api_keys"),
              List.of(),
              List.of("public.api_keys.secret"),
              List.of()),
          "deny",
          null);
      statement(
          sink,
          bob,
          statement(
              1,
              "UPDATE orders SET status = $1 WHERE id = $2",
              List.of("public.orders"),
              List.of("public.orders"),
              List.of("public.orders.id"),
              List.of("public.orders.status")),
          "allow",
          null);
    }
  }

  @Test
  void verifyProvesAnIntactChain() {
    Run run = audit("verify", file.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("OK: 9 records in 1 file, chain intact from genesis to hash ");
  }

  @Test
  void verifyNamesTheFirstBrokenRecordWithFileAndLine() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.remove(4);
    Files.write(file, lines, StandardCharsets.UTF_8);
    Run run = audit("verify", file.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).startsWith("BROKEN at " + file + ":5: removed: ");
    assertThat(run.out()).contains("4 records before it are intact");
  }

  @Test
  void verifyReportsFilesItCannotRead() {
    Run run = audit("verify", dir.resolve("missing.jsonl").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read");
  }

  @Test
  void lineageAsJson() throws Exception {
    Run run = audit("lineage", file.toString());
    assertThat(run.code()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.path("statements").asLong()).isEqualTo(4);
    List<String> entries = new ArrayList<>();
    for (JsonNode e : report.path("entries")) {
      entries.add(
          e.path("identity").asText()
              + " "
              + e.path("table").asText()
              + "."
              + e.path("column").asText()
              + " r"
              + e.path("reads").asLong()
              + " w"
              + e.path("writes").asLong()
              + " m"
              + e.path("masked_reads").asLong()
              + " d"
              + e.path("denied").asLong());
      assertThat(e.path("first_seen").asText()).isNotBlank();
      assertThat(e.path("last_seen").asText()).isNotBlank();
    }
    assertThat(entries)
        .containsExactly(
            "User:alice public.api_keys.secret r0 w0 m0 d1",
            "User:alice public.customers.email r1 w0 m1 d0",
            "User:alice public.orders. r1 w0 m0 d0",
            "User:bob public.orders.id r1 w0 m0 d0",
            "User:bob public.orders.status r0 w1 m0 d0");
  }

  @Test
  void lineageAsCsv() {
    Run run = audit("lineage", "--format", "csv", file.toString());
    assertThat(run.code()).isZero();
    String[] lines = run.out().split("\r\n");
    assertThat(lines[0])
        .isEqualTo("identity,table,column,reads,writes,masked_reads,denied,first_seen,last_seen");
    assertThat(lines).hasSize(6);
    assertThat(lines[2]).startsWith("User:alice,public.customers,email,1,0,1,0,");
  }
}
