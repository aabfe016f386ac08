package io.dbwarden.sidecar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.masking.classify.CatalogReport;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dbwarden catalog}: what automatic classification finds in a database (each column's kind,
 * the rule that decided, the share of sampled values that matched), as JSON.
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Classify the columns of a database and print what was found, and why, as JSON.")
final class CatalogCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      required = true,
      description = "The database, as a pgjdbc URL (jdbc:postgresql://host:port/db).")
  String url;

  @Option(names = "--user", description = "Role to read the catalog and samples as.")
  String user;

  @Option(
      names = "--password-env",
      defaultValue = "PGPASSWORD",
      description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  @Override
  public Integer call() throws Exception {
    Properties login = new Properties();
    if (user != null) {
      login.setProperty("user", user);
    }
    String password = System.getenv(passwordEnv);
    if (password != null) {
      login.setProperty("password", password);
    }
    login.setProperty("ApplicationName", "dbwarden-catalog");
    try (CatalogService catalogs = CatalogService.jdbc(database -> url, login)) {
      List<Map<String, Object>> report =
          CatalogReport.of(catalogs, "default").get(2, TimeUnit.MINUTES);
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
      return 0;
    }
  }
}
