package io.dbwarden.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.sidecar.demo.DemoPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String stdout, String stderr) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(stdout);
    }
  }

  private Run check(String... args) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    if (!Files.exists(policy)) {
      Files.writeString(policy, DemoPolicy.text());
    }
    String[] full = new String[args.length + 3];
    full[0] = "check";
    full[1] = "--policy";
    full[2] = policy.toString();
    System.arraycopy(args, 0, full, 3, args.length);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code = DbwardenCli.commandLine().execute(full);
      return new Run(
          code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void anAllowedStatementPrintsItsTablesColumnsAndLineage() throws Exception {
    Run run =
        check(
            "--identity",
            "User:alice",
            "--group",
            "analysts",
            "--sql",
            "select c.email, upper(c.full_name) as who from customers c where c.id = 42");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("decision").asText()).isEqualTo("allow");
    assertThat(json.get("maxRows").asLong()).isEqualTo(1000);
    JsonNode statement = json.get("statement");
    assertThat(statement.get("text").asText()).doesNotContain("42");
    assertThat(statement.get("operation").asText()).isEqualTo("SELECT");
    assertThat(statement.get("tablesRead").toString()).contains("public.customers");
    assertThat(statement.get("columnsRead").toString())
        .contains("public.customers.email", "public.customers.full_name", "public.customers.id");
    assertThat(statement.get("lineage").toString())
        .contains("\"who\"")
        .contains("public.customers.full_name");
  }

  @Test
  void aRefusedStatementExitsWithOneAndNamesTheRule() throws Exception {
    Run run =
        check("--identity", "User:alice", "--group", "analysts", "--sql", "select * from api_keys");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.json().get("decision").asText()).isEqualTo("deny");
    assertThat(run.json().get("rule").asText()).isEqualTo("analysts-no-secrets");
    Run guardrail =
        check("--identity", "User:bob", "--group", "dba", "--sql", "delete from orders");
    assertThat(guardrail.exitCode()).isEqualTo(1);
    assertThat(guardrail.json().get("rule").asText()).isEqualTo("unbounded-write");
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    assertThat(check("--identity", "alice", "--sql", "select 1").exitCode()).isEqualTo(2);
    Files.writeString(
        dir.resolve("policy.yaml"),
        "apiVersion: dbwarden.io/v1alpha1\nkind: DatabasePolicy\nmetadata: {name: p}\n"
            + "spec:\n  rules:\n    - name: r\n      subjects: [{kind: User, name: a}]\n"
            + "      operations: [SELCT]\n");
    Run invalid = check("--identity", "User:a", "--sql", "select 1");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.stderr())
        .contains("spec.rules[0].operations[0]")
        .contains("unknown operation \"SELCT\"");
  }
}
