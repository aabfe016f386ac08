package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion ('v'): the server supports an older minor version than requested, or
 * does not recognise some {@code _pq_.} options.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
    implements BackendMessage {

  public NegotiateProtocolVersion {
    if (unrecognizedOptions == null) {
      throw new NullPointerException("unrecognizedOptions must not be null");
    }
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
    unrecognizedOptions.forEach(option -> PgBuffers.requireCString(option, "option"));
  }

  static NegotiateProtocolVersion decode(ByteBuf body) {
    int newestMinorVersion = body.readInt();
    int count = body.readInt();
    // Each option takes at least its terminator, so a larger count cannot be honest.
    if (count < 0 || count > body.readableBytes()) {
      throw new IllegalArgumentException("option count " + count + " does not fit the message");
    }
    List<String> options = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      options.add(PgBuffers.readCString(body));
    }
    return new NegotiateProtocolVersion(newestMinorVersion, options);
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'v');
    buf.writeInt(newestMinorVersion);
    buf.writeInt(unrecognizedOptions.size());
    unrecognizedOptions.forEach(option -> PgBuffers.writeCString(buf, option));
    return PgFrames.endTyped(buf);
  }
}
