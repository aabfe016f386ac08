package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Set;

/** CommandComplete ('C'): a statement finished; the tag names it and, for some, counts rows. */
public record CommandComplete(String tag) implements BackendMessage {

  /** Commands whose tag ends with a row count ("INSERT 0 5" ends with the count after the OID). */
  private static final Set<String> COUNTING =
      Set.of("INSERT", "UPDATE", "DELETE", "SELECT", "MOVE", "FETCH", "COPY", "MERGE");

  public CommandComplete {
    PgBuffers.requireCString(tag, "tag");
  }

  static CommandComplete decode(ByteBuf body) {
    return new CommandComplete(PgBuffers.readCString(body));
  }

  /** The command without counts: "SELECT", "INSERT", "CREATE TABLE". */
  public String command() {
    int end = tag.length();
    while (true) {
      int space = tag.lastIndexOf(' ', end - 1);
      if (space < 0 || !isNumber(tag, space + 1, end)) {
        return tag.substring(0, end);
      }
      end = space;
    }
  }

  /** Rows affected or returned, or -1 when the command does not report a count. */
  public long rows() {
    int space = tag.lastIndexOf(' ');
    if (space < 0 || !isNumber(tag, space + 1, tag.length()) || !COUNTING.contains(command())) {
      return -1;
    }
    try {
      return Long.parseLong(tag, space + 1, tag.length(), 10);
    } catch (NumberFormatException e) {
      // More digits than a long holds: the count is not usable.
      return -1;
    }
  }

  private static boolean isNumber(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'C');
    PgBuffers.writeCString(buf, tag);
    return PgFrames.endTyped(buf);
  }
}
