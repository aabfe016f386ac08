package io.dbwarden.sidecar.pg.protocol.frontend;

import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertDecodes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertEncodes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertRejects;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertRoundTrip;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.bytes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.PgMessage;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrontendMessageDecoderTest {

  private static final int MAX = 64 << 20;
  private static final Supplier<ChannelHandler> DECODER = () -> new FrontendMessageDecoder(MAX);
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(new Query("SELECT 1"), frame('Q', "SELECT 1")),
        Arguments.of(
            new Parse("s1", "SELECT $1, $2", new int[] {23, 0}),
            frame('P', "s1", "SELECT $1, $2", (short) 2, 23, 0)),
        Arguments.of(
            Bind.of(
                ALLOC,
                "p1",
                "s1",
                new short[] {1},
                Arrays.asList(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5}), null),
                new short[] {1}),
            frame(
                'B',
                "p1",
                "s1",
                (short) 1,
                (short) 1,
                (short) 2,
                4,
                new byte[] {0, 0, 0, 5},
                -1,
                (short) 1,
                (short) 1)),
        Arguments.of(new Describe('S', "s1"), frame('D', 'S', "s1")),
        Arguments.of(new Describe('P', ""), frame('D', 'P', "")),
        Arguments.of(new Execute("", 100), frame('E', "", 100)),
        Arguments.of(new Close('P', "p1"), frame('C', 'P', "p1")),
        Arguments.of(Sync.INSTANCE, frame('S')),
        Arguments.of(Flush.INSTANCE, frame('H')),
        Arguments.of(Terminate.INSTANCE, frame('X')),
        Arguments.of(CopyData.of(ALLOC, ascii("1\tfoo\n")), frame('d', ascii("1\tfoo\n").array())),
        Arguments.of(CopyDone.INSTANCE, frame('c')),
        Arguments.of(new CopyFail("aborted"), frame('f', "aborted")),
        Arguments.of(
            FunctionCall.of(ALLOC, 1598, new short[] {0}, List.of(ascii("x")), (short) 1),
            frame('F', 1598, (short) 1, (short) 0, (short) 1, 1, new byte[] {'x'}, (short) 1)),
        Arguments.of(PasswordMessage.of("secret"), frame('p', "secret")));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void decodesAndEncodes(PgMessage message, byte[] wire) {
    assertRoundTrip(DECODER, message, wire);
  }

  @Test
  void decodesSeveralMessagesFromOneBuffer() {
    byte[] wire =
        bytes(frame('P', "", "SELECT 1", (short) 0), frame('S'), frame('Q', ""), frame('X'));
    assertDecodes(
        DECODER,
        wire,
        new Parse("", "SELECT 1", new int[0]),
        Sync.INSTANCE,
        new Query(""),
        Terminate.INSTANCE);
  }

  @Test
  void bindExposesParametersWithoutCopying() {
    Bind bind =
        Bind.of(
            ALLOC,
            "",
            "s1",
            new short[0],
            Arrays.asList(ascii("42"), null, ascii("")),
            new short[] {0, 1});
    try {
      assertThat(bind.portal()).isEmpty();
      assertThat(bind.statement()).isEqualTo("s1");
      assertThat(bind.parameterFormats()).isEmpty();
      assertThat(bind.parameterCount()).isEqualTo(3);
      assertThat(bind.parameter(0).toString(StandardCharsets.US_ASCII)).isEqualTo("42");
      assertThat(bind.parameter(1)).isNull();
      assertThat(bind.parameter(2).readableBytes()).isZero();
      assertThat(bind.resultFormats()).containsExactly(0, 1);
      assertThat(bind.toString()).contains("parameterSizes=[2, null, 0]").doesNotContain("42");
      assertThatThrownBy(() -> bind.parameter(3)).isInstanceOf(IndexOutOfBoundsException.class);
    } finally {
      bind.release();
    }
  }

  @Test
  void frameHoldingMessagesEncodeToARetainedDuplicate() {
    CopyData data = CopyData.of(ALLOC, ascii("abc"));
    ByteBuf encoded = data.encode(ALLOC);
    // What the encoder does after encode: the message goes, the output stays valid.
    assertThat(data.release()).isFalse();
    assertThat(ByteBufUtil.getBytes(encoded)).isEqualTo(frame('d', "abc".getBytes()));
    assertThat(encoded.release()).isTrue();
  }

  @Test
  void functionCallAccessors() {
    FunctionCall call =
        FunctionCall.of(ALLOC, 1598, new short[] {1}, Arrays.asList(null, ascii("ab")), (short) 0);
    try {
      assertThat(call.functionOid()).isEqualTo(1598);
      assertThat(call.argumentFormats()).containsExactly(1);
      assertThat(call.argumentCount()).isEqualTo(2);
      assertThat(call.argument(0)).isNull();
      assertThat(call.argument(1).toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
      assertThat(call.resultFormat()).isZero();
    } finally {
      call.release();
    }
  }

  @Test
  void passwordMessageReadsAsPasswordOrSasl() {
    assertThat(PasswordMessage.of("pw").password()).isEqualTo("pw");
    assertThat(PasswordMessage.of("pw").toString()).doesNotContain("pw{").doesNotContain("=pw");

    byte[] initial = bytes("SCRAM-SHA-256", 5, "n,,n=".getBytes(StandardCharsets.US_ASCII));
    SaslInitialResponse parsed = SaslInitialResponse.parse(new PasswordMessage(initial));
    assertThat(parsed)
        .isEqualTo(new SaslInitialResponse("SCRAM-SHA-256", "n,,n=".getBytes()))
        .extracting(SaslInitialResponse::mechanism)
        .isEqualTo("SCRAM-SHA-256");
    assertEncodes(parsed, frame('p', initial));
    assertThat(SaslInitialResponse.parse(new PasswordMessage(bytes("X", -1))).data()).isNull();

    SaslResponse response = SaslResponse.parse(new PasswordMessage("c=biws".getBytes()));
    assertThat(response.data()).isEqualTo("c=biws".getBytes());
    assertEncodes(response, frame('p', "c=biws".getBytes()));
  }

  @Test
  void malformedPasswordBodiesAreViolations() {
    assertThatThrownBy(() -> new PasswordMessage("pw".getBytes()).password())
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> new PasswordMessage(bytes("pw", "x")).password())
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> SaslInitialResponse.parse(new PasswordMessage(bytes("M", 5, "ab"))))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("ends before");
    assertThatThrownBy(() -> SaslInitialResponse.parse(new PasswordMessage(bytes("M", 0, "ab"))))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("3 bytes after");
  }

  @Test
  void rejectsUnknownType() {
    assertRejects(DECODER, frame('Z', (byte) 'I'), "unknown frontend message type 'Z'");
    assertRejects(DECODER, new byte[] {1}, "unknown frontend message type 0x01");
  }

  @Test
  void rejectsLengthBelowFour() {
    assertRejects(DECODER, bytes('Q', 3), "declares 3 bytes, minimum is 4");
  }

  @Test
  void rejectsHugeLengthAsSoonAsTheHeaderIsRead() {
    // Only the five header bytes: the decoder must not wait for the body.
    assertRejects(
        DECODER,
        bytes('Q', 0x7fffffff),
        "message of type 'Q' declares 2147483647 bytes, limit is 67108864");
  }

  @Test
  void rejectsMissingStringTerminator() {
    assertRejects(DECODER, bytes('Q', 7, "abc".getBytes()), "without NUL terminator");
  }

  @Test
  void rejectsTrailingBytes() {
    assertRejects(DECODER, frame('E', "", 0, (byte) 1), "1 bytes after its last field");
    assertRejects(DECODER, frame('S', (byte) 0), "message of type 'S' has 1 bytes after");
  }

  @Test
  void rejectsTruncatedBody() {
    assertRejects(DECODER, frame('E', ""), "message of type 'E' ends before its last field");
  }

  @Test
  void rejectsBadDescribeKind() {
    assertRejects(DECODER, frame('D', 'X', "s1"), "kind must be 'S' or 'P', was 'X'");
    assertThatThrownBy(() -> new Describe('X', "s1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsBindValueRunningPastTheFrame() {
    assertRejects(
        DECODER,
        frame('B', "", "", (short) 0, (short) 1, 100, new byte[] {1}, (short) 0),
        "value 0 declares 100 bytes");
    assertRejects(
        DECODER, frame('B', "", "", (short) 0, (short) 1, -2, (short) 0), "declares -2 bytes");
  }

  @Test
  void validatesConstructorArguments() {
    assertThatThrownBy(() -> new Query(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sql must not be null");
    assertThatThrownBy(() -> new Query("a\0b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrontendMessageDecoder(3))
        .isInstanceOf(IllegalArgumentException.class);
    int[] types = {23};
    Parse parse = new Parse("", "", types);
    types[0] = 25;
    assertThat(parse.parameterTypes()).containsExactly(23);
  }

  @Test
  void toStringDoesNotDumpHugeSql() {
    String sql = "SELECT '" + "x".repeat(10_000) + "'";
    assertThat(new Query(sql).toString()).hasSizeLessThan(200).contains("(10009 chars)");
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
  }
}
