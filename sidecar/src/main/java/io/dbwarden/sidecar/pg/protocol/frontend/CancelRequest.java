package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * CancelRequest: sent on a new connection to cancel the query running on another, identified by the
 * key from its BackendKeyData (protocol 3.0's four-byte key).
 */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {

  public static final int CODE = 80877102;

  /** Length, code, process id, key. */
  static final int LENGTH = 16;

  static CancelRequest decode(ByteBuf body) {
    return new CancelRequest(body.readInt(), body.readInt());
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginUntyped(alloc);
    buf.writeInt(CODE);
    buf.writeInt(processId);
    buf.writeInt(secretKey);
    return PgFrames.endUntyped(buf);
  }

  /** Hides the key, which is what authorises a cancel. */
  @Override
  public String toString() {
    return "CancelRequest{processId=" + processId + "}";
  }
}
