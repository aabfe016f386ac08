package io.dbwarden.operator.injection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What app containers are given to reach the database through the sidecar: libpq's {@code PGHOST}
 * and {@code PGPORT} (psql, psycopg, pgx, node-postgres and most drivers read them), and {@code
 * DBWARDEN_URL}, a {@code postgresql://} URI of the sidecar without user or database, for apps
 * configured with one URL.
 */
public final class AppEnvironment {

  /** The sidecar listens on localhost only; an address, so no resolver prefers {@code ::1}. */
  public static final String HOST = "127.0.0.1";

  private AppEnvironment() {}

  /** The variables, in the order they are defined. */
  public static Map<String, String> of(int listenPort) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", HOST);
    env.put("PGPORT", Integer.toString(listenPort));
    env.put("DBWARDEN_URL", "postgresql://" + HOST + ":" + listenPort);
    return env;
  }
}
