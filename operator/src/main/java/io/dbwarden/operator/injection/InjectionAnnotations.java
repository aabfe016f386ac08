package io.dbwarden.operator.injection;

/**
 * The label that opts a pod in and the annotations that configure its sidecar (ARCHITECTURE.md,
 * "Injection"). Webhooks can select on labels only, hence a label for the switch.
 */
public final class InjectionAnnotations {

  /** Label: {@code "true"} injects the pod. */
  public static final String INJECT = "dbwarden.io/inject";

  /** The database, {@code host:port}; required. */
  public static final String UPSTREAM = "dbwarden.io/upstream";

  /** The {@code DatabasePolicy} the sidecar enforces, in the pod's namespace. */
  public static final String POLICY = "dbwarden.io/policy";

  /** The port the sidecar listens on, on localhost; 6432 when absent. */
  public static final String LISTEN_PORT = "dbwarden.io/listen-port";

  /** The Secret with the database login ({@code username}, {@code password}) the sidecar uses. */
  public static final String CREDENTIALS_SECRET = "dbwarden.io/credentials-secret";

  /** {@code "false"} leaves the app containers' environment alone (no {@code PGHOST} etc.). */
  public static final String INJECT_ENV = "dbwarden.io/inject-env";

  /** {@code native} or {@code container}: overrides the operator's default. */
  public static final String SIDECAR_MODE = "dbwarden.io/sidecar-mode";

  /** Set to {@link #INJECTED} on an injected pod. */
  public static final String STATUS = "dbwarden.io/status";

  public static final String INJECTED = "injected";

  private InjectionAnnotations() {}
}
