package io.dbwarden.sidecar.pg.protocol;

import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dbwarden.sidecar.pg.protocol.backend.ReadyForQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PgMessageEncoderTest {

  @Test
  void forwardsFrameHoldingMessagesWithoutLosingTheirFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(PgMessageEncoder.INSTANCE);
    CopyData data = CopyData.of(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(new byte[] {1}));

    channel.writeOutbound(data, ReadyForQuery.IDLE, ReadyForQuery.IDLE);

    // The encoder released the message; only the written duplicate keeps the frame alive.
    assertThat(data.refCnt()).isOne();
    assertOutbound(channel, frame('d', new byte[] {1}));
    assertThat(data.refCnt()).isZero();
    assertOutbound(channel, frame('Z', 'I'));
    // The shared precomputed frame survives being written and released.
    assertOutbound(channel, frame('Z', 'I'));
    assertFalse(channel.finish());
  }

  private static void assertOutbound(EmbeddedChannel channel, byte[] expected) {
    ByteBuf out = channel.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(out)).isEqualTo(expected);
    } finally {
      out.release();
    }
  }
}
