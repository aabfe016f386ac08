package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.TypedMessageDecoder;
import io.netty.buffer.ByteBuf;

/**
 * Decodes server messages: frames by type byte and length, then parses the body with the decoder
 * registered for that type. Frame-holding messages ({@link DataRow}, {@link CopyData}) are retained
 * slices of the input.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message
 *     Formats</a>
 */
public final class BackendMessageDecoder extends TypedMessageDecoder<BackendMessage> {

  /** Types a server may send; any other type byte is a protocol violation. */
  private static final BodyDecoders<BackendMessage> DECODERS =
      BodyDecoders.<BackendMessage>builder("backend")
          .add('1', body -> ParseComplete.INSTANCE)
          .add('2', body -> BindComplete.INSTANCE)
          .add('3', body -> CloseComplete.INSTANCE)
          .add('A', NotificationResponse::decode)
          .add('C', CommandComplete::decode)
          .add('D', DataRow::decode)
          .add('E', ErrorResponse::decode)
          .add('G', CopyInResponse::decode)
          .add('H', CopyOutResponse::decode)
          .add('I', body -> EmptyQueryResponse.INSTANCE)
          .add('K', BackendKeyData::decode)
          .add('N', NoticeResponse::decode)
          .add('R', BackendMessageDecoder::decodeAuthentication)
          .add('S', ParameterStatus::decode)
          .add('T', RowDescription::decode)
          .add('V', FunctionCallResponse::decode)
          .add('W', CopyBothResponse::decode)
          .add('Z', ReadyForQuery::decode)
          .add('c', body -> CopyDone.INSTANCE)
          .add('d', CopyData::decode)
          .add('n', body -> NoData.INSTANCE)
          .add('s', body -> PortalSuspended.INSTANCE)
          .add('t', ParameterDescription::decode)
          .add('v', NegotiateProtocolVersion::decode)
          .build();

  /**
   * @param maxMessageLength largest accepted declared length (which counts itself but not the type
   *     byte); longer messages are refused as soon as their header arrives
   */
  public BackendMessageDecoder(int maxMessageLength) {
    super(DECODERS, maxMessageLength);
  }

  private static BackendMessage decodeAuthentication(ByteBuf body) {
    int code = body.readInt();
    return switch (code) {
      case AuthenticationOk.CODE -> AuthenticationOk.INSTANCE;
      case AuthenticationCleartextPassword.CODE -> AuthenticationCleartextPassword.INSTANCE;
      case AuthenticationMD5Password.CODE -> AuthenticationMD5Password.decode(body);
      case AuthenticationSASL.CODE -> AuthenticationSASL.decode(body);
      case AuthenticationSASLContinue.CODE -> AuthenticationSASLContinue.decode(body);
      case AuthenticationSASLFinal.CODE -> AuthenticationSASLFinal.decode(body);
      default -> AuthenticationUnsupported.decode(code, body);
    };
  }
}
