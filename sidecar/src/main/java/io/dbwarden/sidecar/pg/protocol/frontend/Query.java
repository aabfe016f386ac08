package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Query ('Q'): simple query protocol, one or more statements as text. */
public record Query(String sql) implements FrontendMessage {

  public Query {
    PgBuffers.requireCString(sql, "sql");
  }

  static Query decode(ByteBuf body) {
    return new Query(PgBuffers.readCString(body));
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'Q');
    PgBuffers.writeCString(buf, sql);
    return PgFrames.endTyped(buf);
  }

  @Override
  public String toString() {
    return "Query{sql=" + PgBuffers.abbreviate(sql) + "}";
  }
}
