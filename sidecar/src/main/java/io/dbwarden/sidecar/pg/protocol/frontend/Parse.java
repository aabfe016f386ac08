package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** Parse ('P'): prepares a statement ("" is the unnamed one), optionally fixing parameter types. */
public final class Parse implements FrontendMessage {

  private final String name;
  private final String sql;
  private final int[] parameterTypes;

  /**
   * @param parameterTypes parameter type OIDs, 0 leaving a type for the server to infer
   */
  public Parse(String name, String sql, int[] parameterTypes) {
    this.name = PgBuffers.requireCString(name, "name");
    this.sql = PgBuffers.requireCString(sql, "sql");
    if (parameterTypes == null) {
      throw new NullPointerException("parameterTypes must not be null");
    }
    PgBuffers.requireCount(parameterTypes.length, "parameterTypes");
    this.parameterTypes = parameterTypes.clone();
  }

  static Parse decode(ByteBuf body) {
    return new Parse(
        PgBuffers.readCString(body), PgBuffers.readCString(body), PgBuffers.readIntArray(body));
  }

  public String name() {
    return name;
  }

  public String sql() {
    return sql;
  }

  public int[] parameterTypes() {
    return parameterTypes.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'P');
    PgBuffers.writeCString(buf, name);
    PgBuffers.writeCString(buf, sql);
    PgBuffers.writeIntArray(buf, parameterTypes);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parse other
        && name.equals(other.name)
        && sql.equals(other.sql)
        && Arrays.equals(parameterTypes, other.parameterTypes);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + sql.hashCode()) * 31 + Arrays.hashCode(parameterTypes);
  }

  @Override
  public String toString() {
    return "Parse{name="
        + name
        + ", sql="
        + PgBuffers.abbreviate(sql)
        + ", parameterTypes="
        + Arrays.toString(parameterTypes)
        + "}";
  }
}
