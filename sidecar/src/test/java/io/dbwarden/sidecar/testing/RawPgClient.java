package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.pg.auth.Md5Password;
import io.dbwarden.sidecar.pg.auth.SaslPrep;
import io.dbwarden.sidecar.pg.auth.ScramClientExchange;
import io.dbwarden.sidecar.pg.auth.UpstreamAuthenticationException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately low-level PostgreSQL client for tests that must send what no driver would:
 * malformed frames, truncated messages, hostile lengths, or nothing at all for a while.
 */
public final class RawPgClient implements AutoCloseable {

  /** One backend message: its type byte and body. */
  public record Message(char type, byte[] body) {
    /** The fields of an ErrorResponse or NoticeResponse. */
    public Map<Character, String> fields() {
      Map<Character, String> fields = new HashMap<>();
      int i = 0;
      while (i < body.length && body[i] != 0) {
        char code = (char) body[i++];
        int end = i;
        while (body[end] != 0) {
          end++;
        }
        fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
        i = end + 1;
      }
      return fields;
    }

    /** The column values of a DataRow, as text; null for SQL NULL. */
    public String[] values() {
      ByteBuffer row = ByteBuffer.wrap(body);
      String[] values = new String[row.getShort()];
      for (int i = 0; i < values.length; i++) {
        int length = row.getInt();
        if (length >= 0) {
          values[i] = new String(body, row.position(), length, StandardCharsets.UTF_8);
          row.position(row.position() + length);
        }
      }
      return values;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public RawPgClient(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getHostString(), address.getPort());
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    // Buffered so that each message leaves in one write: the proxy may close the connection as
    // soon as it has seen a bad type byte, and a later write of the same message would then fail.
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void sendStartup(String user, String database) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String s : new String[] {"user", user, "database", database}) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      body.write(0);
    }
    body.write(0);
    byte[] params = body.toByteArray();
    out.writeInt(8 + params.length);
    out.writeInt(196608);
    out.write(params);
    out.flush();
  }

  /**
   * Logs in (SCRAM-SHA-256 or MD5, whichever the server asks for) and reads until the first
   * ReadyForQuery.
   */
  public void login(String user, String password, String database) throws IOException {
    sendStartup(user, database);
    ScramClientExchange scram = null;
    while (true) {
      Message message = read();
      switch (message.type()) {
        case 'R' -> {
          ByteBuffer body = ByteBuffer.wrap(message.body());
          int code = body.getInt();
          byte[] rest = new byte[body.remaining()];
          body.get(rest);
          try {
            switch (code) {
              case 0 -> {}
              case 5 -> sendTyped('p', nulTerminated(Md5Password.encode(user, password, rest)));
              case 10 -> {
                scram = new ScramClientExchange(SaslPrep.prepare(password));
                byte[] first = scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(nulTerminated("SCRAM-SHA-256".getBytes(StandardCharsets.UTF_8)));
                out.writeBytes(ByteBuffer.allocate(4).putInt(first.length).array());
                out.writeBytes(first);
                sendTyped('p', out.toByteArray());
              }
              case 11 -> {
                String last = scram.handleServerFirst(new String(rest, StandardCharsets.UTF_8));
                sendTyped('p', last.getBytes(StandardCharsets.UTF_8));
              }
              case 12 -> scram.verifyServerFinal(new String(rest, StandardCharsets.UTF_8));
              default -> throw new IOException("unsupported authentication request " + code);
            }
          } catch (UpstreamAuthenticationException e) {
            throw new IOException(e.getMessage(), e);
          }
        }
        case 'E' -> throw new IOException("login refused: " + message.fields());
        case 'Z' -> {
          return;
        }
        default -> {
          // ParameterStatus, BackendKeyData, notices.
        }
      }
    }
  }

  private static byte[] nulTerminated(byte[] bytes) {
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  public void sendTyped(char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(4 + body.length);
    out.write(body);
    out.flush();
  }

  public void sendQuery(String sql) throws IOException {
    sendTyped('Q', nulTerminated(sql.getBytes(StandardCharsets.UTF_8)));
  }

  public Message read() throws IOException {
    char type = (char) in.readUnsignedByte();
    int length = in.readInt();
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new Message(type, body);
  }

  /** Reads until a message of the given type arrives, returning it. */
  public Message readUntil(char type) throws IOException {
    while (true) {
      Message m = read();
      if (m.type() == type) {
        return m;
      }
    }
  }

  /** True once the server has closed the connection (reads hit end of stream). */
  public boolean closedByServer() {
    try {
      while (true) {
        read();
      }
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
