package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A superuser session straight to the test server that sends simple-protocol Queries and reports
 * what the server did with each: one CommandComplete tag per statement it ran, EmptyQueryResponse,
 * or the ErrorResponse that stopped it. No driver in between, so a Query reaches the server exactly
 * as written, several statements and all; hand-built messages (an extended-protocol pipeline) go
 * out exactly as built.
 */
public final class SimpleQueryClient implements AutoCloseable {

  /**
   * What the server did with one Query.
   *
   * @param tags the CommandComplete tags, one per statement run, in order
   * @param empty whether the server answered EmptyQueryResponse (no statement at all)
   * @param sqlState the SQLSTATE of the error that stopped the Query, or null
   * @param error the error's message, or null
   */
  public record Outcome(List<String> tags, boolean empty, String sqlState, String error) {
    public boolean failed() {
      return sqlState != null;
    }
  }

  private final RawPgClient client;

  private SimpleQueryClient(RawPgClient client) {
    this.client = client;
  }

  /** Logs in as the superuser (SCRAM-SHA-256 or MD5, whichever the server asks for). */
  public static SimpleQueryClient connect(EmbeddedPostgres postgres, String database)
      throws IOException {
    return connect(
        postgres.address(), postgres.superuser(), PostgresExtension.SUPERUSER_PASSWORD, database);
  }

  /** Logs in to any server speaking the protocol, such as the proxy. */
  public static SimpleQueryClient connect(
      InetSocketAddress address, String user, String password, String database) throws IOException {
    RawPgClient client = new RawPgClient(address);
    try {
      client.login(user, password, database);
      return new SimpleQueryClient(client);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Sends {@code sql} as one Query and reads until ReadyForQuery. */
  public Outcome run(String sql) throws IOException {
    client.sendQuery(sql);
    List<String> tags = new ArrayList<>();
    boolean empty = false;
    String sqlState = null;
    String error = null;
    while (true) {
      RawPgClient.Message message = client.read();
      switch (message.type()) {
        case 'C' ->
            tags.add(
                new String(message.body(), 0, message.body().length - 1, StandardCharsets.UTF_8));
        case 'I' -> empty = true;
        case 'E' -> {
          sqlState = message.fields().get('C');
          error = message.fields().get('M');
        }
        case 'Z' -> {
          return new Outcome(tags, empty, sqlState, error);
        }
        default -> {
          // RowDescription, DataRow, notices (escape_string_warning, truncated names).
        }
      }
    }
  }

  /** Sends hand-built messages, e.g. a pipeline of Parse, Bind and Execute, without waiting. */
  public void send(byte[] messages) throws IOException {
    client.send(messages);
  }

  /** Reads every message up to and including the first one of {@code type}. */
  public List<RawPgClient.Message> readThrough(char type) throws IOException {
    List<RawPgClient.Message> messages = new ArrayList<>();
    RawPgClient.Message message;
    do {
      message = client.read();
      messages.add(message);
    } while (message.type() != type);
    return messages;
  }

  /** Runs {@code sql} and fails unless the server ran it without error. */
  public void execute(String sql) throws IOException {
    Outcome outcome = run(sql);
    if (outcome.failed()) {
      throw new IllegalStateException(sql + ": " + outcome.sqlState() + " " + outcome.error());
    }
  }

  @Override
  public void close() throws IOException {
    client.sendTyped('X', new byte[0]);
    client.close();
  }
}
