package io.dbwarden.sidecar.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who touched which data, from audit files: for every identity, table and column, how many
 * statements read it, wrote it, read it masked, and were refused while naming it, with the first
 * and last time. This is what an auditor asks for ("who read customers.ssn last quarter?").
 *
 * <p>A statement counts once, from its {@code completed} record; a statement with only an {@code
 * intent} record (the proxy stopped before it completed) counts from that. An access to a table
 * without a particular column ({@code SELECT count(*) FROM t}) is reported with an empty column.
 * Statements recorded without analysis (a proxy without a policy) touch nothing known and are only
 * counted.
 */
public final class LineageReport {

  /** One line of the report. */
  public record Entry(
      String identity,
      String table,
      String column,
      long reads,
      long writes,
      long maskedReads,
      long denied,
      String firstSeen,
      String lastSeen) {}

  /**
   * The report.
   *
   * @param statements statements counted
   * @param unanalysed of them, recorded without tables and columns
   */
  public record Report(List<Entry> entries, long statements, long unanalysed) {}

  private record Key(String identity, String table, String column) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = identity.compareTo(o.identity);
      if (c == 0) {
        c = table.compareTo(o.table);
      }
      return c == 0 ? column.compareTo(o.column) : c;
    }
  }

  private static final class Counts {
    long reads;
    long writes;
    long maskedReads;
    long denied;
    String first;
    String last;

    void seen(String ts) {
      if (first == null || ts.compareTo(first) < 0) {
        first = ts;
      }
      if (last == null || ts.compareTo(last) > 0) {
        last = ts;
      }
    }
  }

  private final Map<Key, Counts> counts = new TreeMap<>();
  private final Map<String, JsonNode> openIntents = new java.util.HashMap<>();
  private long statements;
  private long unanalysed;

  /** Reads audit files, in any order; lines that are not statement records are skipped. */
  public static Report of(List<Path> files) throws IOException {
    LineageReport report = new LineageReport();
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          report.add(line);
        }
      }
    }
    return report.finish();
  }

  private void add(String line) {
    JsonNode record;
    try {
      record = AuditJson.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      return;
    }
    if (record == null || !"statement".equals(record.path("type").asText())) {
      return;
    }
    String key = record.path("session").asText() + "#" + record.path("statement").path("seq");
    String event = record.path("event").asText();
    if ("intent".equals(event)) {
      openIntents.put(key, record);
    } else if ("completed".equals(event)) {
      openIntents.remove(key);
      count(record);
    }
  }

  private Report finish() {
    openIntents.values().forEach(this::count);
    openIntents.clear();
    List<Entry> entries = new ArrayList<>();
    counts.forEach(
        (key, c) ->
            entries.add(
                new Entry(
                    key.identity,
                    key.table,
                    key.column,
                    c.reads,
                    c.writes,
                    c.maskedReads,
                    c.denied,
                    c.first,
                    c.last)));
    return new Report(entries, statements, unanalysed);
  }

  private void count(JsonNode record) {
    statements++;
    JsonNode statement = record.path("statement");
    JsonNode identityNode = record.path("identity");
    String identity =
        identityNode.isMissingNode()
            ? "(unknown)"
            : identityNode.path("kind").asText() + ":" + identityNode.path("name").asText();
    String ts = record.path("ts").asText();
    String action = record.path("decision").path("action").asText("allow");
    boolean refused = "deny".equals(action) || "approval_required".equals(action);
    List<String> tablesRead = strings(statement.path("tables_read"));
    List<String> tablesWritten = strings(statement.path("tables_written"));
    List<String> columnsRead = strings(statement.path("columns_read"));
    List<String> columnsWritten = strings(statement.path("columns_written"));
    Set<String> masked = new HashSet<>(strings(record.path("result").path("masked_columns")));
    if (tablesRead.isEmpty() && tablesWritten.isEmpty()) {
      if (statement.path("fingerprint").isMissingNode()
          || statement.path("operation").isMissingNode()) {
        unanalysed++;
      }
      return;
    }
    Set<String> tables = new LinkedHashSet<>(tablesRead);
    tables.addAll(tablesWritten);
    Set<String> readTablesWithColumns = new HashSet<>();
    Set<String> writtenTablesWithColumns = new HashSet<>();
    for (String column : columnsRead) {
      Key key = key(identity, tables, column);
      readTablesWithColumns.add(key.table);
      Counts c = counts.computeIfAbsent(key, k -> new Counts());
      if (refused) {
        c.denied++;
      } else {
        c.reads++;
        if (masked.contains(column) || masked.contains(key.column)) {
          c.maskedReads++;
        }
      }
      c.seen(ts);
    }
    for (String column : columnsWritten) {
      Key key = key(identity, tables, column);
      writtenTablesWithColumns.add(key.table);
      Counts c = counts.computeIfAbsent(key, k -> new Counts());
      if (refused) {
        c.denied++;
      } else {
        c.writes++;
      }
      c.seen(ts);
    }
    for (String table : tablesRead) {
      if (!readTablesWithColumns.contains(table) && !tablesWritten.contains(table)) {
        Counts c = counts.computeIfAbsent(new Key(identity, table, ""), k -> new Counts());
        if (refused) {
          c.denied++;
        } else {
          c.reads++;
        }
        c.seen(ts);
      }
    }
    for (String table : tablesWritten) {
      if (!writtenTablesWithColumns.contains(table)) {
        Counts c = counts.computeIfAbsent(new Key(identity, table, ""), k -> new Counts());
        if (refused) {
          c.denied++;
        } else {
          c.writes++;
        }
        c.seen(ts);
      }
    }
  }

  /** Splits schema.table.column at the table the statement names, else at the last dot. */
  private static Key key(String identity, Set<String> tables, String column) {
    for (String table : tables) {
      if (column.startsWith(table + ".")) {
        return new Key(identity, table, column.substring(table.length() + 1));
      }
    }
    int dot = column.lastIndexOf('.');
    return dot < 0
        ? new Key(identity, "", column)
        : new Key(identity, column.substring(0, dot), column.substring(dot + 1));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array instanceof ArrayNode list) {
      list.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  /** The report as JSON. */
  public static String json(Report report) {
    ObjectNode root = AuditJson.mapper().createObjectNode();
    root.put("statements", report.statements());
    root.put("unanalysed_statements", report.unanalysed());
    ArrayNode entries = root.putArray("entries");
    for (Entry e : report.entries()) {
      ObjectNode entry = entries.addObject();
      entry.put("identity", e.identity());
      entry.put("table", e.table());
      entry.put("column", e.column());
      entry.put("reads", e.reads());
      entry.put("writes", e.writes());
      entry.put("masked_reads", e.maskedReads());
      entry.put("denied", e.denied());
      entry.put("first_seen", e.firstSeen());
      entry.put("last_seen", e.lastSeen());
    }
    try {
      return AuditJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report as CSV (RFC 4180), one header line and one line per entry. */
  public static String csv(Report report) {
    StringBuilder out =
        new StringBuilder(
            "identity,table,column,reads,writes,masked_reads,denied,first_seen,last_seen\r\n");
    for (Entry e : report.entries()) {
      out.append(csvField(e.identity()))
          .append(',')
          .append(csvField(e.table()))
          .append(',')
          .append(csvField(e.column()))
          .append(',')
          .append(e.reads())
          .append(',')
          .append(e.writes())
          .append(',')
          .append(e.maskedReads())
          .append(',')
          .append(e.denied())
          .append(',')
          .append(csvField(e.firstSeen()))
          .append(',')
          .append(csvField(e.lastSeen()))
          .append("\r\n");
    }
    return out.toString();
  }

  private static String csvField(String value) {
    if (value == null) {
      return "";
    }
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
