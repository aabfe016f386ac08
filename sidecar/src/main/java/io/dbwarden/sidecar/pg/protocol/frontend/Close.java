package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Close ('C'): closes a prepared statement or a portal.
 *
 * @param kind {@link #STATEMENT} or {@link #PORTAL}
 * @param name the statement or portal name, "" for the unnamed one
 */
public record Close(char kind, String name) implements FrontendMessage {

  public static final char STATEMENT = 'S';
  public static final char PORTAL = 'P';

  public Close {
    if (kind != STATEMENT && kind != PORTAL) {
      throw new IllegalArgumentException("kind must be 'S' or 'P', was '" + kind + "'");
    }
    PgBuffers.requireCString(name, "name");
  }

  static Close decode(ByteBuf body) {
    byte kind = body.readByte();
    if (kind != STATEMENT && kind != PORTAL) {
      throw new ProtocolViolationException(
          "kind must be 'S' or 'P', was " + PgBuffers.describeByte(kind));
    }
    return new Close((char) kind, PgBuffers.readCString(body));
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'C');
    buf.writeByte(kind);
    PgBuffers.writeCString(buf, name);
    return PgFrames.endTyped(buf);
  }
}
