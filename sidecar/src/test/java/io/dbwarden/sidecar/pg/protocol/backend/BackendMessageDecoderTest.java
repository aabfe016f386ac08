package io.dbwarden.sidecar.pg.protocol.backend;

import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertDecodes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertRejects;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.assertRoundTrip;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.bytes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.PgMessage;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BackendMessageDecoderTest {

  private static final Supplier<ChannelHandler> DECODER = () -> new BackendMessageDecoder(1 << 20);
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  static Stream<Arguments> messages() {
    byte[] salt = {1, 2, 3, 4};
    return Stream.of(
        Arguments.of(AuthenticationOk.INSTANCE, frame('R', 0)),
        Arguments.of(AuthenticationCleartextPassword.INSTANCE, frame('R', 3)),
        Arguments.of(new AuthenticationMD5Password(salt), frame('R', 5, salt)),
        Arguments.of(
            new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
            frame('R', 10, "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", (byte) 0)),
        Arguments.of(
            new AuthenticationSASLContinue("r=abc,s=xyz,i=4096".getBytes()),
            frame('R', 11, "r=abc,s=xyz,i=4096".getBytes())),
        Arguments.of(
            new AuthenticationSASLFinal("v=sig".getBytes()), frame('R', 12, "v=sig".getBytes())),
        Arguments.of(new AuthenticationUnsupported(7), frame('R', 7)),
        Arguments.of(new BackendKeyData(4711, 0xCAFE), frame('K', 4711, 0xCAFE)),
        Arguments.of(
            new ParameterStatus("server_version", "17.6"), frame('S', "server_version", "17.6")),
        Arguments.of(ReadyForQuery.IDLE, frame('Z', 'I')),
        Arguments.of(ReadyForQuery.IN_TRANSACTION, frame('Z', 'T')),
        Arguments.of(ReadyForQuery.FAILED, frame('Z', 'E')),
        Arguments.of(
            new RowDescription(
                List.of(
                    new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0),
                    new RowDescription.Field(
                        "?column?", 0, (short) 0, 25, (short) -1, -1, (short) 1))),
            frame(
                'T',
                (short) 2,
                "id",
                16384,
                (short) 1,
                23,
                (short) 4,
                -1,
                (short) 0,
                "?column?",
                0,
                (short) 0,
                25,
                (short) -1,
                -1,
                (short) 1)),
        Arguments.of(
            DataRow.of(ALLOC, Arrays.asList(ascii("42"), null, ascii(""))),
            frame('D', (short) 3, 2, "42".getBytes(), -1, 0)),
        Arguments.of(new CommandComplete("INSERT 0 1"), frame('C', "INSERT 0 1")),
        Arguments.of(EmptyQueryResponse.INSTANCE, frame('I')),
        Arguments.of(ParseComplete.INSTANCE, frame('1')),
        Arguments.of(BindComplete.INSTANCE, frame('2')),
        Arguments.of(CloseComplete.INSTANCE, frame('3')),
        Arguments.of(NoData.INSTANCE, frame('n')),
        Arguments.of(PortalSuspended.INSTANCE, frame('s')),
        Arguments.of(
            ErrorResponse.of("ERROR", "42P01", "relation \"x\" does not exist"),
            frame(
                'E',
                'S',
                "ERROR",
                'V',
                "ERROR",
                'C',
                "42P01",
                'M',
                "relation \"x\" does not exist",
                (byte) 0)),
        Arguments.of(
            NoticeResponse.of("NOTICE", "00000", "hi").withHint("h"),
            frame('N', 'S', "NOTICE", 'V', "NOTICE", 'C', "00000", 'M', "hi", 'H', "h", (byte) 0)),
        Arguments.of(new ParameterDescription(new int[] {23, 25}), frame('t', (short) 2, 23, 25)),
        Arguments.of(
            new CopyInResponse((byte) 0, new short[] {0, 0}),
            frame('G', (byte) 0, (short) 2, (short) 0, (short) 0)),
        Arguments.of(
            new CopyOutResponse((byte) 1, new short[] {1}),
            frame('H', (byte) 1, (short) 1, (short) 1)),
        Arguments.of(new CopyBothResponse((byte) 0, new short[0]), frame('W', (byte) 0, (short) 0)),
        Arguments.of(
            new NotificationResponse(99, "jobs", "{\"id\":1}"),
            frame('A', 99, "jobs", "{\"id\":1}")),
        Arguments.of(new FunctionCallResponse(new byte[] {7}), frame('V', 1, new byte[] {7})),
        Arguments.of(new FunctionCallResponse(null), frame('V', -1)),
        Arguments.of(
            new NegotiateProtocolVersion(0, List.of("_pq_.x")), frame('v', 0, 1, "_pq_.x")),
        Arguments.of(CopyData.of(ALLOC, ascii("a,b\n")), frame('d', "a,b\n".getBytes())),
        Arguments.of(CopyDone.INSTANCE, frame('c')));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void decodesAndEncodes(PgMessage message, byte[] wire) {
    assertRoundTrip(DECODER, message, wire);
  }

  @Test
  void decodesAQueryResponseInOneGo() {
    DataRow row = DataRow.of(ALLOC, List.of(ascii("1")));
    try {
      assertDecodes(
          DECODER,
          bytes(
              frame('T', (short) 1, "n", 0, (short) 0, 23, (short) 4, -1, (short) 0),
              frame('D', (short) 1, 1, "1".getBytes()),
              frame('C', "SELECT 1"),
              frame('Z', 'I')),
          new RowDescription(
              List.of(new RowDescription.Field("n", 0, (short) 0, 23, (short) 4, -1, (short) 0))),
          row,
          new CommandComplete("SELECT 1"),
          ReadyForQuery.IDLE);
    } finally {
      row.release();
    }
  }

  @Test
  void dataRowColumnsAreViewsOfTheFrame() {
    DataRow row = DataRow.of(ALLOC, Arrays.asList(ascii("alice"), null));
    try {
      assertThat(row.columnCount()).isEqualTo(2);
      assertThat(row.column(0).toString(StandardCharsets.US_ASCII)).isEqualTo("alice");
      assertThat(row.column(1)).isNull();
      assertThat(row.toString()).isEqualTo("DataRow{columns=2, sizes=[5, null]}");
      assertThatThrownBy(() -> row.column(2)).isInstanceOf(IndexOutOfBoundsException.class);
    } finally {
      row.release();
    }
    assertThat(row.refCnt()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "'INSERT 0 5', INSERT, 5",
    "'UPDATE 3', UPDATE, 3",
    "'DELETE 0', DELETE, 0",
    "'SELECT 12', SELECT, 12",
    "'MERGE 2', MERGE, 2",
    "'COPY 100', COPY, 100",
    "'FETCH 1', FETCH, 1",
    "'MOVE 7', MOVE, 7",
    "'CREATE TABLE', CREATE TABLE, -1",
    "'BEGIN', BEGIN, -1",
    "'CREATE TABLE AS 3', CREATE TABLE AS, -1"
  })
  void commandCompleteParsesTag(String tag, String command, long rows) {
    CommandComplete complete = new CommandComplete(tag);
    assertThat(complete.command()).isEqualTo(command);
    assertThat(complete.rows()).isEqualTo(rows);
  }

  @Test
  void errorResponseAccessors() {
    ErrorResponse error =
        ErrorResponse.of("FATAL", "28000", "denied").withDetail("why").withHint("ask");
    assertThat(error.severity()).isEqualTo("FATAL");
    assertThat(error.code()).isEqualTo("28000");
    assertThat(error.message()).isEqualTo("denied");
    assertThat(error.detail()).isEqualTo("why");
    assertThat(error.hint()).isEqualTo("ask");
    assertThat(error.fields().keySet()).containsExactly('S', 'V', 'C', 'M', 'D', 'H');
    Map<Character, String> fields = new LinkedHashMap<>();
    fields.put('\0', "x");
    assertThatThrownBy(() -> new ErrorResponse(fields))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readyForQueryIsShared() {
    assertThat(ReadyForQuery.of(TransactionStatus.FAILED)).isSameAs(ReadyForQuery.FAILED);
    assertThat(ReadyForQuery.IN_TRANSACTION.transactionStatus())
        .isEqualTo(TransactionStatus.IN_TRANSACTION);
  }

  @Test
  void authenticationUnsupportedKeepsTheCodeAndDropsData() {
    assertDecodes(DECODER, frame('R', 8, new byte[] {1, 2}), new AuthenticationUnsupported(8));
    assertThat(new AuthenticationUnsupported(9).method()).isEqualTo("SSPI");
    assertThatThrownBy(() -> new AuthenticationUnsupported(10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownType() {
    assertRejects(DECODER, frame('Q', "SELECT 1"), "unknown backend message type 'Q'");
  }

  @Test
  void rejectsLengthBelowFour() {
    assertRejects(DECODER, bytes('Z', 0), "declares 0 bytes, minimum is 4");
  }

  @Test
  void rejectsHugeLengthAsSoonAsTheHeaderIsRead() {
    assertRejects(
        DECODER, bytes('D', 0x7fffffff), "type 'D' declares 2147483647 bytes, limit is 1048576");
  }

  @Test
  void rejectsMalformedBodies() {
    assertRejects(DECODER, bytes('S', 8, "abc".getBytes(), "x".getBytes()), "NUL terminator");
    assertRejects(DECODER, frame('Z', 'X'), "unknown transaction status 'X'");
    assertRejects(DECODER, frame('Z', 'I', 'I'), "1 bytes after its last field");
    assertRejects(DECODER, frame('R', 5, new byte[] {1, 2}), "ends before its last field");
    assertRejects(DECODER, frame('D', (short) 2, 1, "x".getBytes()), "ends before");
    assertRejects(DECODER, frame('D', (short) 1, 5, "x".getBytes()), "value 0 declares 5 bytes");
    assertRejects(DECODER, frame('D', (short) 0, (byte) 9), "1 bytes after");
    assertRejects(DECODER, frame('E', 'S', "ERROR"), "ends before");
    assertRejects(DECODER, frame('v', 0, 1000), "option count 1000");
    assertRejects(DECODER, frame('G', (byte) 2, (short) 0), "overallFormat must be 0 or 1");
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
  }
}
