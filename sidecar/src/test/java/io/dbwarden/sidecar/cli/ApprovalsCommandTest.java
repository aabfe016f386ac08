package io.dbwarden.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.admin.AdminServer;
import io.dbwarden.sidecar.approval.ApprovalAdmin;
import io.dbwarden.sidecar.approval.ApprovalRequest;
import io.dbwarden.sidecar.approval.GrantPhase;
import io.dbwarden.sidecar.approval.LocalGrantStore;
import io.dbwarden.sidecar.identity.Identity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dbwarden approvals} against a proxy's admin port. */
class ApprovalsCommandTest {

  private static final Identity BOB =
      new Identity(Identity.Kind.User, "bob", List.of("dba"), null, Identity.Method.SCRAM);

  @TempDir Path dir;

  private final LocalGrantStore store = new LocalGrantStore(Clock.systemUTC());
  private AdminServer admin;
  private Path tokenFile;

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    tokenFile = dir.resolve("admin-token");
    String token = AdminToken.readOrCreate(tokenFile);
    AdminRoutes routes = new AdminRoutes();
    new ApprovalAdmin(
            store, token, (approver, policy) -> approver.groups().contains("dba"), grant -> {})
        .register(routes);
    admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), routes);
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  @Test
  void listsApprovesAndDenies() {
    String first = store.open(request("1")).name();
    String second = store.open(request("2")).name();

    Run list = approvals("list");
    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains(first, second, "PENDING", "DELETE FROM customers WHERE id = $1");

    Run approved = approvals("approve", first, "--as", "User:carol", "--group", "dba");
    assertThat(approved.code()).as(approved.err()).isZero();
    assertThat(store.find(first).orElseThrow().phase()).isEqualTo(GrantPhase.APPROVED);

    Run denied = approvals("deny", second, "--as", "User:carol", "--group", "dba");
    assertThat(denied.code()).isZero();
    assertThat(store.find(second).orElseThrow().phase()).isEqualTo(GrantPhase.DENIED);

    Run again = approvals("approve", second, "--as", "User:carol", "--group", "dba");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("a decision is final");
  }

  @Test
  void theTokenFileIsReadableByItsOwnerOnlyAndKeptAcrossStarts() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    String token = Files.readString(tokenFile).strip();
    assertThat(token).hasSize(48);
    assertThat(AdminToken.readOrCreate(tokenFile)).isEqualTo(token);
  }

  @Test
  void aWrongTokenDecidesNothing() throws Exception {
    String name = store.open(request("3")).name();
    Path wrong = dir.resolve("wrong");
    Files.writeString(wrong, "not-the-token\n");
    Run run =
        approvals(
            "approve",
            name,
            "--as",
            "User:carol",
            "--group",
            "dba",
            "--token-file",
            wrong.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("admin token");
    assertThat(store.find(name).orElseThrow().phase()).isEqualTo(GrantPhase.PENDING);
  }

  private Run approvals(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DbwardenCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> full = new java.util.ArrayList<>(List.of("approvals"));
    full.add(args[0]);
    full.addAll(List.of("--admin", "http://127.0.0.1:" + admin.address().getPort()));
    if (!List.of(args).contains("--token-file")) {
      full.addAll(List.of("--token-file", tokenFile.toString()));
    }
    full.addAll(List.of(args).subList(1, args.length));
    int code = cli.execute(full.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static ApprovalRequest request(String id) {
    return new ApprovalRequest(
        BOB,
        "shop",
        "shop-demo",
        "customer-deletes",
        "0123456789abcdef",
        List.of(id),
        "DELETE FROM customers WHERE id = $1",
        List.of("public.customers"),
        null,
        Duration.ofHours(1),
        "DELETE FROM customers WHERE id = $1",
        List.of(id),
        "DELETE");
  }
}
