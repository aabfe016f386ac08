package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** NotificationResponse ('A'): a NOTIFY delivered to a listening session. */
public record NotificationResponse(int processId, String channel, String payload)
    implements BackendMessage {

  public NotificationResponse {
    PgBuffers.requireCString(channel, "channel");
    PgBuffers.requireCString(payload, "payload");
  }

  static NotificationResponse decode(ByteBuf body) {
    return new NotificationResponse(
        body.readInt(), PgBuffers.readCString(body), PgBuffers.readCString(body));
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'A');
    buf.writeInt(processId);
    PgBuffers.writeCString(buf, channel);
    PgBuffers.writeCString(buf, payload);
    return PgFrames.endTyped(buf);
  }

  @Override
  public String toString() {
    return "NotificationResponse{processId="
        + processId
        + ", channel="
        + channel
        + ", payload="
        + PgBuffers.abbreviate(payload)
        + "}";
  }
}
