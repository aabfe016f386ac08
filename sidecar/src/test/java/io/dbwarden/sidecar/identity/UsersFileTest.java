package io.dbwarden.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbwarden.sidecar.pg.auth.ScramClientExchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

  private static final String ALICE = PasswordHasher.hash("alice-pw");
  private static final String BOT = PasswordHasher.hash("bot-pw");

  @TempDir Path dir;

  private UsersFile load(String yaml) throws Exception {
    Path file = dir.resolve("users.yaml");
    Files.writeString(file, yaml);
    return UsersFile.load(file);
  }

  private UsersFileException loadFails(String yaml) {
    Throwable thrown = catchThrowable(() -> load(yaml));
    assertThat(thrown).isInstanceOf(UsersFileException.class);
    return (UsersFileException) thrown;
  }

  private UsersFile valid() throws Exception {
    return load(
        """
        users:
          - name: alice
            password: "%s"
            groups: [analysts, support]
          - name: ci-bot
            password: "%s"
            groups: []
          - name: carol
            password: "%s"
        """
            .formatted(ALICE, BOT, BOT));
  }

  @Test
  void loadsUsers() throws Exception {
    UsersFile users = valid();

    UserEntry alice = users.find("alice").orElseThrow();
    assertThat(alice.groups()).containsExactly("analysts", "support");
    assertThat(alice.credential()).isEqualTo(ScramCredential.parse(ALICE));
    assertThat(users.find("ci-bot").orElseThrow().groups()).isEmpty();
    assertThat(users.find("carol").orElseThrow().groups()).isEmpty();
    assertThat(users.find("Alice")).isEmpty();
    assertThat(alice.identity(Identity.Method.SCRAM))
        .isEqualTo(
            new Identity(
                Identity.Kind.User,
                "alice",
                List.of("analysts", "support"),
                null,
                Identity.Method.SCRAM));
  }

  @Test
  void rejectsPlainTextPasswordNamingTheEntryWithoutEchoingIt() {
    UsersFileException e =
        loadFails(
            """
            users:
              - name: alice
                password: "%s"
              - name: ci-bot
                password: hunter2
            """
                .formatted(ALICE));

    assertThat(e.path()).isEqualTo("users[1].password");
    assertThat(e)
        .hasMessageEndingWith(
            "users[1].password: must be a SCRAM-SHA-256 verifier; run 'dbwarden hash-password'")
        .hasMessageStartingWith(dir.resolve("users.yaml").toString())
        .message()
        .doesNotContain("hunter2");
  }

  @Test
  void rejectsMalformedVerifier() {
    UsersFileException e =
        loadFails("users:\n  - name: alice\n    password: \"SCRAM-SHA-256$4096:abc\"\n");

    assertThat(e.path()).isEqualTo("users[0].password");
    assertThat(e).hasMessageContaining("malformed SCRAM-SHA-256 verifier");
  }

  @Test
  void rejectsMissingName() {
    assertThat(loadFails("users:\n  - password: \"" + ALICE + "\"\n").path())
        .isEqualTo("users[0].name");
  }

  @Test
  void rejectsMissingPassword() {
    assertThat(loadFails("users:\n  - name: alice\n").path()).isEqualTo("users[0].password");
  }

  @Test
  void rejectsDuplicateUser() {
    UsersFileException e =
        loadFails(
            """
            users:
              - name: alice
                password: "%s"
              - name: alice
                password: "%s"
            """
                .formatted(ALICE, BOT));

    assertThat(e.path()).isEqualTo("users[1].name");
    assertThat(e).hasMessageEndingWith("duplicate user \"alice\" (first at users[0])");
  }

  @Test
  void rejectsUnknownFieldsAndBadGroups() {
    assertThat(loadFails("users:\n  - name: a\n    pasword: x\n").path())
        .isEqualTo("users[0].pasword");
    assertThat(loadFails("user: []\n").path()).isEqualTo("user");
    assertThat(
            loadFails("users:\n  - name: a\n    password: \"" + ALICE + "\"\n    groups: admin\n")
                .path())
        .isEqualTo("users[0].groups");
    assertThat(
            loadFails("users:\n  - name: a\n    password: \"" + ALICE + "\"\n    groups: [\"\"]\n")
                .path())
        .isEqualTo("users[0].groups[0]");
  }

  @Test
  void rejectsDocumentsThatAreNotAUsersList() {
    assertThat(loadFails("").path()).isEqualTo("(document)");
    assertThat(loadFails("users: alice\n").path()).isEqualTo("users");
    assertThat(loadFails("users:\n  - name: [\n").getMessage())
        .contains("not valid YAML")
        .doesNotContain("name: [");
  }

  @Test
  void verifiesCleartextPasswords() throws Exception {
    UsersFile users = valid();
    UserEntry alice = users.find("alice").orElseThrow();

    assertThat(UsersFile.verifyCleartext(alice, "alice-pw")).isTrue();
    assertThat(UsersFile.verifyCleartext(alice, "bot-pw")).isFalse();
    assertThat(users.authenticateCleartext("alice", "alice-pw"))
        .isEqualTo(alice.identity(Identity.Method.PASSWORD));
  }

  @Test
  void cleartextUnknownUserFailsLikeWrongPassword() throws Exception {
    UsersFile users = valid();

    assertThatThrownBy(() -> users.authenticateCleartext("alice", "nope"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("password authentication failed for user \"alice\"")
        .extracting(e -> ((AuthenticationException) e).sqlState())
        .isEqualTo("28P01");
    assertThatThrownBy(() -> users.authenticateCleartext("mallory", "alice-pw"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("password authentication failed for user \"mallory\"")
        .extracting(e -> ((AuthenticationException) e).sqlState())
        .isEqualTo("28P01");
  }

  @Test
  void scramExchangeLogsInKnownUser() throws Exception {
    ScramServerExchange server = valid().scramExchange("alice");
    ScramClientExchange client = new ScramClientExchange("alice-pw");

    String serverFirst = server.handleClientFirst(client.clientFirstMessage());
    client.verifyServerFinal(server.handleClientFinal(client.handleServerFirst(serverFirst)));
  }

  @Test
  void unknownUserSaltIsStableAcrossLoadsOfTheSameFile() throws Exception {
    String clientFirst = "n,,n=,r=abc";
    String first = valid().scramExchange("mallory").handleClientFirst(clientFirst);
    String second = valid().scramExchange("mallory").handleClientFirst(clientFirst);

    assertThat(first.split(",")[1]).isEqualTo(second.split(",")[1]);
  }
}
