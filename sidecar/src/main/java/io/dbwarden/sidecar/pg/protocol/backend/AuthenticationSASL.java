package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * AuthenticationSASL ('R', 10): start SASL with one of these mechanisms, in the server's order of
 * preference (e.g. SCRAM-SHA-256-PLUS, SCRAM-SHA-256).
 */
public record AuthenticationSASL(List<String> mechanisms) implements BackendMessage {

  static final int CODE = 10;

  public AuthenticationSASL {
    if (mechanisms == null) {
      throw new NullPointerException("mechanisms must not be null");
    }
    mechanisms = List.copyOf(mechanisms);
    for (String mechanism : mechanisms) {
      if (PgBuffers.requireCString(mechanism, "mechanism").isEmpty()) {
        // An empty name is the list terminator on the wire.
        throw new IllegalArgumentException("mechanism must not be empty");
      }
    }
  }

  static AuthenticationSASL decode(ByteBuf body) {
    List<String> mechanisms = new ArrayList<>();
    for (String m = PgBuffers.readCString(body); !m.isEmpty(); m = PgBuffers.readCString(body)) {
      mechanisms.add(m);
    }
    return new AuthenticationSASL(mechanisms);
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'R');
    buf.writeInt(CODE);
    for (String mechanism : mechanisms) {
      PgBuffers.writeCString(buf, mechanism);
    }
    buf.writeByte(0);
    return PgFrames.endTyped(buf);
  }
}
