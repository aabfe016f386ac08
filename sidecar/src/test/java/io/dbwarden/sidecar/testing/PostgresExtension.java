package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real PostgreSQL for the whole test run (the machine has two cores), with the demo's sample
 * schema loaded and password logins required. Stopped when the run ends.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

  public static final String SUPERUSER_PASSWORD = "postgres-secret";
  public static final String APP_PASSWORD = "app-secret";

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  /** The shared server, started on first use. */
  public static EmbeddedPostgres server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Holder.class, key -> new Holder(), Holder.class)
        .postgres;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedPostgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    private final EmbeddedPostgres postgres;

    Holder() {
      postgres = EmbeddedPostgres.builder().superuserPassword(SUPERUSER_PASSWORD).start();
      try {
        SampleSchema.load(postgres, APP_PASSWORD);
      } catch (SQLException e) {
        postgres.close();
        throw new IllegalStateException("cannot load the sample schema", e);
      }
    }

    @Override
    public void close() {
      postgres.close();
    }
  }
}
