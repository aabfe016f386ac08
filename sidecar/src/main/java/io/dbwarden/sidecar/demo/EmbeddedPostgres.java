package io.dbwarden.sidecar.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server started from the binaries on the classpath, for the demo and the tests.
 * PostgreSQL refuses to run as root; when this JVM is root (containers, CI), the server runs as
 * {@code nobody} through {@code setpriv}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final String SUPERUSER = "postgres";
  private static final long START_TIMEOUT_MILLIS = 60_000;

  private final Path workDir;
  private final int port;
  private final String password;
  private final Process process;
  private final Thread cleanup;
  private boolean closed;

  private EmbeddedPostgres(Path workDir, int port, String password, Process process) {
    this.workDir = workDir;
    this.port = port;
    this.password = password;
    this.process = process;
    this.cleanup = new Thread(this::stop, "embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a server to start. */
  public static final class Builder {
    private int port;
    private String password;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path tlsCertificate;
    private Path tlsKey;

    private Builder() {
      settings.put("fsync", "off");
      settings.put("synchronous_commit", "off");
      settings.put("full_page_writes", "off");
      settings.put("max_connections", "300");
      settings.put("shared_buffers", "64MB");
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The superuser's password. With one, TCP logins need a password ({@code md5} in pg_hba, which
     * also accepts SCRAM verifiers, so each role's stored format picks the exchange); without one,
     * TCP logins are trusted.
     */
    public Builder superuserPassword(String password) {
      this.password = password;
      return this;
    }

    /** Serves TLS with this PEM certificate chain and key (clients may still use plaintext). */
    public Builder tls(Path certificate, Path key) {
      this.tlsCertificate = certificate;
      this.tlsKey = key;
      return this;
    }

    /** A server setting passed as {@code -c name=value}. */
    public Builder setting(String name, String value) {
      settings.put(name, value);
      return this;
    }

    public EmbeddedPostgres start() {
      try {
        return launch(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
    }
  }

  private static EmbeddedPostgres launch(Builder builder) throws IOException, InterruptedException {
    Path binaries = PostgresBinaries.install();
    Path workDir = Files.createTempDirectory("dbwarden-pg-");
    Path dataDir = workDir.resolve("data");
    Path log = workDir.resolve("postgres.log");
    boolean root = isRoot();
    if (root) {
      handToNobody(workDir);
    }
    List<String> initdb =
        new ArrayList<>(
            List.of(
                binaries.resolve("bin/initdb").toString(),
                "-D",
                dataDir.toString(),
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync"));
    if (builder.password == null) {
      initdb.add("-A");
      initdb.add("trust");
    } else {
      Path pwfile = workDir.resolve("pwfile");
      Files.writeString(pwfile, builder.password + "\n", StandardCharsets.UTF_8);
      if (root) {
        handToNobody(pwfile);
      }
      initdb.addAll(List.of("-A", "md5", "--pwfile=" + pwfile));
    }
    run(asServerUser(initdb, root), workDir.resolve("initdb.log"));

    if (builder.tlsCertificate != null) {
      // The server insists that its key is private to the user it runs as.
      Path certificate = Files.copy(builder.tlsCertificate, workDir.resolve("server.crt"));
      Path key = Files.copy(builder.tlsKey, workDir.resolve("server.key"));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      if (root) {
        handToNobody(certificate);
        handToNobody(key);
      }
      builder.settings.put("ssl", "on");
      builder.settings.put("ssl_cert_file", certificate.toString());
      builder.settings.put("ssl_key_file", key.toString());
    }
    int port = builder.port == 0 ? freePort() : builder.port;
    List<String> server =
        new ArrayList<>(
            List.of(
                binaries.resolve("bin/postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=" + workDir));
    builder.settings.forEach(
        (name, value) -> {
          server.add("-c");
          server.add(name + "=" + value);
        });
    Process process =
        new ProcessBuilder(asServerUser(server, root))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    EmbeddedPostgres postgres = new EmbeddedPostgres(workDir, port, builder.password, process);
    try {
      postgres.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
    return postgres;
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor();
    return "0".equals(uid);
  }

  private static List<String> asServerUser(List<String> command, boolean root) {
    if (!root) {
      return command;
    }
    List<String> wrapped =
        new ArrayList<>(
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void handToNobody(Path path) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName("nobody"));
    GroupPrincipal group = lookup.lookupPrincipalByGroupName("nogroup");
    view.setGroup(group);
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(
          "PostgreSQL setup failed: " + String.join(" ", command) + "\n" + tail(log));
    }
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("PostgreSQL exited while starting:\n" + tail(log));
      }
      if (Files.readString(log).contains("ready to accept connections") && accepts()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("PostgreSQL did not start within 60 s:\n" + tail(log));
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(host(), port);
  }

  public String superuser() {
    return SUPERUSER;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /** A superuser connection to {@code database}. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, password);
  }

  /** Fast shutdown (SIGINT: abort sessions, checkpoint, exit), then the files are removed. */
  @Override
  public synchronized void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
      PostgresBinaries.deleteTree(workDir);
    } catch (IOException e) {
      // Leaving a temp directory behind is not worth failing a shutdown for.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
