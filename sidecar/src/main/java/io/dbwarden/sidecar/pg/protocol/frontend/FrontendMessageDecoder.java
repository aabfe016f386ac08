package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.TypedMessageDecoder;

/**
 * Decodes typed client messages (everything after the StartupMessage): frames by type byte and
 * length, then parses the body with the decoder registered for that type. Frame-holding messages
 * ({@link Bind}, {@link FunctionCall}, {@link CopyData}) are retained slices of the input.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message
 *     Formats</a>
 */
public final class FrontendMessageDecoder extends TypedMessageDecoder<FrontendMessage> {

  /** Types a client may send; any other type byte is a protocol violation. */
  private static final BodyDecoders<FrontendMessage> DECODERS =
      BodyDecoders.<FrontendMessage>builder("frontend")
          .add('B', Bind::decode)
          .add('C', Close::decode)
          .add('D', Describe::decode)
          .add('E', Execute::decode)
          .add('F', FunctionCall::decode)
          .add('H', body -> Flush.INSTANCE)
          .add('P', Parse::decode)
          .add('Q', Query::decode)
          .add('S', body -> Sync.INSTANCE)
          .add('X', body -> Terminate.INSTANCE)
          .add('c', body -> CopyDone.INSTANCE)
          .add('d', CopyData::decode)
          .add('f', CopyFail::decode)
          .add('p', PasswordMessage::decode)
          .build();

  /**
   * @param maxMessageLength largest accepted declared length (which counts itself but not the type
   *     byte); longer messages are refused as soon as their header arrives
   */
  public FrontendMessageDecoder(int maxMessageLength) {
    super(DECODERS, maxMessageLength);
  }
}
