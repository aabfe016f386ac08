package io.dbwarden.sidecar.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

  public void sendTyped(char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(4 + body.length);
    out.write(body);
    out.flush();
  }

  public void sendQuery(String sql) throws IOException {
    byte[] text = sql.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[text.length + 1];
    System.arraycopy(text, 0, body, 0, text.length);
    sendTyped('Q', body);
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
