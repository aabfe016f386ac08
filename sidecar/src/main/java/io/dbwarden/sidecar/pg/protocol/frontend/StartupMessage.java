package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StartupMessage: protocol version and connection parameters (user, database, options, GUCs).
 *
 * @param protocolVersion major version in the high 16 bits, minor in the low 16
 * @param parameters in the order sent; unmodifiable
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters)
    implements FrontendMessage {

  /** Protocol 3.0, which every supported server speaks. */
  public static final int PROTOCOL_3_0 = 3 << 16;

  public StartupMessage {
    if (protocolVersion >>> 16 != 3) {
      throw new IllegalArgumentException(
          "protocol major version must be 3, was " + (protocolVersion >>> 16));
    }
    if (parameters == null) {
      throw new NullPointerException("parameters must not be null");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> {
          if (PgBuffers.requireCString(name, "parameter name").isEmpty()) {
            // An empty name is the list terminator on the wire.
            throw new IllegalArgumentException("parameter name must not be empty");
          }
          copy.put(name, PgBuffers.requireCString(value, "value of " + name));
        });
    parameters = Collections.unmodifiableMap(copy);
  }

  static StartupMessage decode(int protocolVersion, ByteBuf body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String name = PgBuffers.readCString(body);
        !name.isEmpty();
        name = PgBuffers.readCString(body)) {
      // Refused rather than last-wins: the proxy and the server must not disagree on the user.
      if (parameters.put(name, PgBuffers.readCString(body)) != null) {
        throw new ProtocolViolationException("startup parameter " + name + " appears twice");
      }
    }
    return new StartupMessage(protocolVersion, parameters);
  }

  public int majorVersion() {
    return protocolVersion >>> 16;
  }

  public int minorVersion() {
    return protocolVersion & 0xffff;
  }

  /** The user name, or null when the client sent none (the server refuses that). */
  public String user() {
    return parameters.get("user");
  }

  /** The database, defaulting to the user name as the server does. */
  public String database() {
    String database = parameters.get("database");
    return database == null || database.isEmpty() ? user() : database;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginUntyped(alloc);
    buf.writeInt(protocolVersion);
    parameters.forEach(
        (name, value) -> {
          PgBuffers.writeCString(buf, name);
          PgBuffers.writeCString(buf, value);
        });
    buf.writeByte(0);
    return PgFrames.endUntyped(buf);
  }
}
