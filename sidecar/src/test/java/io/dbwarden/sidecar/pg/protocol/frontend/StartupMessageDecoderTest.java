package io.dbwarden.sidecar.pg.protocol.frontend;

import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertDecodes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertEncodes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertRejects;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.bytes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.frame;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dbwarden.sidecar.pg.protocol.PgMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartupMessageDecoderTest {

  private static final Supplier<ChannelHandler> DECODER = StartupMessageDecoder::new;

  static Stream<Arguments> packets() {
    return Stream.of(
        Arguments.of(
            new StartupMessage(
                StartupMessage.PROTOCOL_3_0, params("user", "alice", "database", "shop")),
            packet(196608, "user", "alice", "database", "shop", (byte) 0)),
        Arguments.of(SslRequest.INSTANCE, packet(80877103)),
        Arguments.of(GssEncRequest.INSTANCE, packet(80877104)),
        Arguments.of(new CancelRequest(4711, 0xCAFE), packet(80877102, 4711, 0xCAFE)));
  }

  @ParameterizedTest
  @MethodSource("packets")
  void decodesAndEncodes(PgMessage message, byte[] wire) {
    assertDecodes(DECODER, wire, message);
    assertEncodes(message, wire);
  }

  @Test
  void startupMessageAccessors() {
    StartupMessage startup =
        new StartupMessage((3 << 16) | 2, params("user", "bob", "application_name", "psql"));
    assertThat(startup.majorVersion()).isEqualTo(3);
    assertThat(startup.minorVersion()).isEqualTo(2);
    assertThat(startup.user()).isEqualTo("bob");
    assertThat(startup.database()).isEqualTo("bob");
    assertThat(startup.parameters().keySet()).containsExactly("user", "application_name");
    assertThatThrownBy(() -> startup.parameters().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new StartupMessage(2 << 16, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leavesBytesAfterTheFirstPacketForTheNextDecoder() {
    EmbeddedChannel channel = new EmbeddedChannel(new StartupMessageDecoder());
    byte[] startup = packet(196608, "user", "alice", (byte) 0);
    byte[] wire = bytes(startup, frame('Q', "SELECT 1"), frame('S'));
    channel.writeInbound(Unpooled.wrappedBuffer(wire));

    assertThat((Object) channel.readInbound())
        .isEqualTo(new StartupMessage(196608, params("user", "alice")));
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.pipeline().get(StartupMessageDecoder.class).bufferedBytes())
        .isEqualTo(wire.length - startup.length);

    // What the connection handler does on StartupMessage: the buffered rest moves on.
    channel
        .pipeline()
        .replace(StartupMessageDecoder.class, "frontend", new FrontendMessageDecoder(1 << 20));
    assertThat((Object) channel.readInbound()).isEqualTo(new Query("SELECT 1"));
    assertThat((Object) channel.readInbound()).isEqualTo(Sync.INSTANCE);
    assertFalse(channel.finish());
  }

  @Test
  void rejectsTooLargePacket() {
    assertRejects(DECODER, bytes(10_001, 196608), "declares 10001 bytes, must be 8 to 10000");
  }

  @Test
  void rejectsTooSmallPacket() {
    assertRejects(DECODER, bytes(7, 196608), "declares 7 bytes");
  }

  @Test
  void rejectsUnsupportedProtocol() {
    assertRejects(
        DECODER, packet(2 << 16, "user", "a", (byte) 0), "unsupported frontend protocol 2.0");
    // 1234.5679 would be SSLRequest: request codes are protocol versions no server speaks.
    assertRejects(DECODER, packet(4 << 16 | 1), "unsupported frontend protocol 4.1");
  }

  @Test
  void rejectsParameterListWithoutFinalNul() {
    assertRejects(DECODER, packet(196608, "user", "alice"), "without NUL terminator");
  }

  @Test
  void rejectsDuplicateParameter() {
    assertRejects(
        DECODER,
        packet(196608, "user", "alice", "user", "postgres", (byte) 0),
        "startup parameter user appears twice");
  }

  @Test
  void rejectsMalformedRequests() {
    assertRejects(DECODER, packet(80877102, 1), "cancel request declares 12 bytes, must be 16");
    assertRejects(DECODER, packet(80877103, 0), "startup packet has 4 bytes after");
  }

  @Test
  void decodesOnePacketPerRead() {
    EmbeddedChannel channel = new EmbeddedChannel(new StartupMessageDecoder());
    channel.writeInbound(Unpooled.wrappedBuffer(bytes(packet(80877103), packet(80877103))));
    assertThat(List.of((Object) channel.readInbound())).containsExactly(SslRequest.INSTANCE);
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.pipeline().get(StartupMessageDecoder.class).bufferedBytes()).isEqualTo(8);
    channel.close();
  }

  private static Map<String, String> params(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
