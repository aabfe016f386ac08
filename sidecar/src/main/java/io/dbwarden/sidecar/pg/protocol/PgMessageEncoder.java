package io.dbwarden.sidecar.pg.protocol;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes any {@link PgMessage} as its wire frame. Stateless, so one instance serves every pipeline.
 * The superclass releases each message after encoding, which is why frame-holding messages encode
 * to a retained duplicate of their frame.
 */
@Sharable
public final class PgMessageEncoder extends MessageToMessageEncoder<PgMessage> {

  public static final PgMessageEncoder INSTANCE = new PgMessageEncoder();

  public PgMessageEncoder() {
    super(PgMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, PgMessage msg, List<Object> out) {
    out.add(msg.encode(ctx.alloc()));
  }
}
