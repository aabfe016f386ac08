package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.FrameHolder;
import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Bind ('B'): creates a portal from a prepared statement and parameter values. Holds its frame so
 * that parameter values are never copied (see {@link FrameHolder}): must be released.
 */
public final class Bind extends FrameHolder implements FrontendMessage {

  private final String portal;
  private final String statement;
  private final short[] parameterFormats;

  /** Per parameter: frame offset at {@code 2*i}, length (-1 for NULL) at {@code 2*i+1}. */
  private final int[] parameterBounds;

  private final short[] resultFormats;

  private Bind(
      ByteBuf frame,
      String portal,
      String statement,
      short[] parameterFormats,
      int[] parameterBounds,
      short[] resultFormats) {
    super(frame);
    this.portal = portal;
    this.statement = statement;
    this.parameterFormats = parameterFormats;
    this.parameterBounds = parameterBounds;
    this.resultFormats = resultFormats;
  }

  /**
   * Builds a Bind; parameter bytes are copied (null entries are SQL NULL) and the caller keeps
   * ownership of them.
   */
  public static Bind of(
      ByteBufAllocator alloc,
      String portal,
      String statement,
      short[] parameterFormats,
      List<ByteBuf> parameters,
      short[] resultFormats) {
    PgBuffers.requireCString(portal, "portal");
    PgBuffers.requireCString(statement, "statement");
    Objects.requireNonNull(parameterFormats, "parameterFormats must not be null");
    Objects.requireNonNull(parameters, "parameters must not be null");
    Objects.requireNonNull(resultFormats, "resultFormats must not be null");
    PgBuffers.requireCount(parameterFormats.length, "parameterFormats");
    PgBuffers.requireCount(resultFormats.length, "resultFormats");
    ByteBuf buf = PgFrames.beginTyped(alloc, 'B');
    try {
      PgBuffers.writeCString(buf, portal);
      PgBuffers.writeCString(buf, statement);
      PgBuffers.writeShortArray(buf, parameterFormats);
      PgBuffers.writeValues(buf, parameters);
      PgBuffers.writeShortArray(buf, resultFormats);
      PgFrames.endTyped(buf).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
      // Parsing what we just wrote records the parameter offsets the same way as for the wire.
      return decode(buf);
    } finally {
      buf.release();
    }
  }

  static Bind decode(ByteBuf frame) {
    String portal = PgBuffers.readCString(frame);
    String statement = PgBuffers.readCString(frame);
    short[] parameterFormats = PgBuffers.readShortArray(frame);
    int count = frame.readUnsignedShort();
    int[] bounds = new int[2 * count];
    PgBuffers.readValues(frame, count, bounds);
    short[] resultFormats = PgBuffers.readShortArray(frame);
    return new Bind(
        frame.retainedSlice(0, frame.writerIndex()),
        portal,
        statement,
        parameterFormats,
        bounds,
        resultFormats);
  }

  /** The portal to create, "" for the unnamed one. */
  public String portal() {
    return portal;
  }

  /** The prepared statement, "" for the unnamed one. */
  public String statement() {
    return statement;
  }

  /** Format codes as sent: none (all text), one for all parameters, or one per parameter. */
  public short[] parameterFormats() {
    return parameterFormats.clone();
  }

  public int parameterCount() {
    return parameterBounds.length / 2;
  }

  /**
   * The value of parameter {@code i} as a view valid while this message is not released, or null
   * for SQL NULL.
   */
  public ByteBuf parameter(int i) {
    Objects.checkIndex(i, parameterCount());
    int length = parameterBounds[2 * i + 1];
    return length < 0 ? null : frameSlice(parameterBounds[2 * i], length);
  }

  /** Result column format codes as sent: none (all text), one for all, or one per column. */
  public short[] resultFormats() {
    return resultFormats.clone();
  }

  @Override
  public String toString() {
    return "Bind{portal="
        + portal
        + ", statement="
        + statement
        + ", parameterFormats="
        + Arrays.toString(parameterFormats)
        + ", parameterSizes="
        + PgBuffers.valueSizes(parameterBounds)
        + ", resultFormats="
        + Arrays.toString(resultFormats)
        + "}";
  }
}
