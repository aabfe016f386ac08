package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/** RowDescription ('T'): the columns of the rows that follow. */
public record RowDescription(List<RowDescription.Field> fields) implements BackendMessage {

  /**
   * One column.
   *
   * @param tableOid source table, or 0 when the column is not a plain table column
   * @param columnAttributeNumber attribute number in that table, or 0
   * @param dataTypeSize pg_type.typlen; negative for variable-width types
   * @param format 0 text, 1 binary (always 0 in a Describe answer)
   */
  public record Field(
      String name,
      int tableOid,
      short columnAttributeNumber,
      int dataTypeOid,
      short dataTypeSize,
      int typeModifier,
      short format) {

    public Field {
      PgBuffers.requireCString(name, "name");
    }
  }

  public RowDescription {
    if (fields == null) {
      throw new NullPointerException("fields must not be null");
    }
    fields = List.copyOf(fields);
    PgBuffers.requireCount(fields.size(), "fields");
  }

  /**
   * The same columns in the formats a Bind asked for (a statement's description always says text):
   * no codes mean all text, one code applies to every column, else one code per column.
   */
  public RowDescription withFormats(short[] formats) {
    List<Field> bound = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      short format = formats.length == 0 ? 0 : formats[formats.length == 1 ? 0 : i];
      bound.add(
          new Field(
              f.name(),
              f.tableOid(),
              f.columnAttributeNumber(),
              f.dataTypeOid(),
              f.dataTypeSize(),
              f.typeModifier(),
              format));
    }
    return new RowDescription(bound);
  }

  static RowDescription decode(ByteBuf body) {
    int count = body.readUnsignedShort();
    // Each field takes at least 19 bytes; do not size a list from an unchecked count.
    List<Field> fields = new ArrayList<>(Math.min(count, body.readableBytes() / 19));
    for (int i = 0; i < count; i++) {
      fields.add(
          new Field(
              PgBuffers.readCString(body),
              body.readInt(),
              body.readShort(),
              body.readInt(),
              body.readShort(),
              body.readInt(),
              body.readShort()));
    }
    return new RowDescription(fields);
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'T');
    buf.writeShort(fields.size());
    for (Field field : fields) {
      PgBuffers.writeCString(buf, field.name());
      buf.writeInt(field.tableOid());
      buf.writeShort(field.columnAttributeNumber());
      buf.writeInt(field.dataTypeOid());
      buf.writeShort(field.dataTypeSize());
      buf.writeInt(field.typeModifier());
      buf.writeShort(field.format());
    }
    return PgFrames.endTyped(buf);
  }
}
