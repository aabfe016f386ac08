package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * BackendKeyData ('K'): identifies the session for a later CancelRequest (protocol 3.0's four-byte
 * key).
 */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {

  static BackendKeyData decode(ByteBuf body) {
    return new BackendKeyData(body.readInt(), body.readInt());
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'K');
    buf.writeInt(processId);
    buf.writeInt(secretKey);
    return PgFrames.endTyped(buf);
  }

  /** Hides the key, which is what authorises a cancel. */
  @Override
  public String toString() {
    return "BackendKeyData{processId=" + processId + "}";
  }
}
