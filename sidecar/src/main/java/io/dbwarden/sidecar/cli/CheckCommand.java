package io.dbwarden.sidecar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.CheckSession;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.dbwarden.sidecar.policy.file.PolicyFileException;
import io.dbwarden.sidecar.policy.file.PolicyFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dbwarden check}: how a policy judges one statement for one identity, as JSON, without a
 * proxy. For policy authors, and for CI pipelines that test a policy before it is applied (the exit
 * code says allowed or refused).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Judge a statement under a policy for an identity and print the decision as JSON.",
      "Exit code: 0 allowed, 1 refused, 2 bad input."
    })
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--policy", required = true, description = "DatabasePolicy YAML file.")
  Path policy;

  @Option(
      names = "--identity",
      required = true,
      description = "Who runs the statement: User:NAME or ServiceAccount:NAMESPACE/NAME.")
  String identity;

  @Option(names = "--group", description = "A group of the identity (repeatable).")
  List<String> groups = new ArrayList<>();

  @Option(names = "--sql", required = true, description = "The statement(s), as a client sends.")
  String sql;

  @Option(
      names = "--catalog-url",
      description =
          "JDBC URL of a database to read tables and columns from (resolves names and"
              + " expands *); without it, names resolve to the first schema of the search path.")
  String catalogUrl;

  @Option(names = "--catalog-user", description = "Role for --catalog-url.")
  String catalogUser;

  @Option(
      names = "--catalog-password-env",
      defaultValue = "PGPASSWORD",
      description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
  String catalogPasswordEnv;

  @Override
  public Integer call() throws Exception {
    Identity who = identity();
    CompiledPolicy compiled;
    try {
      compiled = PolicyCompiler.compile(PolicyFiles.load(policy).policy());
    } catch (PolicyFileException e) {
      e.lines().forEach(System.err::println);
      return 2;
    }
    try (PolicyEngine engine =
        new PolicyEngine(PolicySet.of(compiled), catalogs(), Duration.ofSeconds(10))) {
      CheckSession session = new CheckSession(who, database());
      Decision decision =
          engine
              .decider()
              .decide(session, new StatementRequest(sql, StatementRequest.Protocol.SIMPLE))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      print(decision, System.out);
      return decision.allowed() ? 0 : 1;
    }
  }

  private static void print(Decision decision, PrintStream out) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("decision", decision.allowed() ? "allow" : "deny");
    json.put("rule", decision.rule());
    json.put("reason", decision.reason());
    if (decision.rowLimit() != null) {
      json.put("maxRows", decision.rowLimit().rows());
      json.put("maxRowsRule", decision.rowLimit().rule());
    }
    if (decision.rewrite() != null) {
      json.put("rewrite", decision.rewrite());
    }
    json.put("statement", decision.facts());
    out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
  }

  private Identity identity() {
    int colon = identity.indexOf(':');
    String kind = colon < 0 ? "" : identity.substring(0, colon);
    String name = colon < 0 ? "" : identity.substring(colon + 1);
    Identity.Kind parsed =
        switch (kind) {
          case "User" -> Identity.Kind.User;
          case "ServiceAccount" -> Identity.Kind.ServiceAccount;
          default -> null;
        };
    if (parsed == null || name.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--identity must be User:NAME or ServiceAccount:NAMESPACE/NAME, not '" + identity + "'");
    }
    return new Identity(parsed, name, groups, null, Identity.Method.PASSTHROUGH);
  }

  private CatalogService catalogs() {
    if (catalogUrl == null) {
      return CatalogService.none();
    }
    Properties login = new Properties();
    if (catalogUser != null) {
      login.setProperty("user", catalogUser);
    }
    String password = System.getenv(catalogPasswordEnv);
    if (password != null) {
      login.setProperty("password", password);
    }
    return CatalogService.jdbc(database -> catalogUrl, login);
  }

  private String database() {
    if (catalogUrl == null) {
      return "postgres";
    }
    String path = catalogUrl.replaceFirst("^jdbc:postgresql://[^/]*/?", "");
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}
