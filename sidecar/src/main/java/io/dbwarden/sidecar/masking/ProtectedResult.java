package io.dbwarden.sidecar.masking;

import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.sql.analysis.ColumnRef;
import io.dbwarden.sidecar.sql.analysis.OutputColumn;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The response side of masking, for a masked identity's statement that touched protected tables.
 * The rewrite has already masked at the source; this step is the net behind it, and the count the
 * audit record gives. For each result column, from its RowDescription:
 *
 * <ul>
 *   <li>a column whose origin (table oid and attribute number) is a protected column would carry
 *       clear values, which only a rewrite that missed a reference could let through: its values
 *       are replaced;
 *   <li>a column of no stored origin (an expression, a whole row, a column of a subquery) of a type
 *       that can hold text is scanned by content detectors, and a value that holds personal data or
 *       a secret is replaced;
 *   <li>a column the statement's lineage derives from protected columns was masked at the source:
 *       its values are counted as masked.
 * </ul>
 *
 * Replacements keep the column's type in the format it is sent in ({@link MaskedValue}). A
 * transformer serves every run of its statement on one connection, on that connection's thread.
 */
public final class ProtectedResult implements RowTransformer {

  /** Types whose values are numbers, truth values, times or ids, never text to scan. */
  private static final Set<Integer> NOT_TEXT =
      Set.of(
          16, 20, 21, 23, 26, 700, 701, 790, 1082, 1083, 1114, 1184, 1186, 1266, 1700, 2950, 869,
          650);

  /** Protected columns by table oid, then attribute number: their names. */
  private final Map<Long, Map<Integer, String>> protectedOrigins;

  private final Set<ColumnRef> protectedColumns;

  /** Per statement of the query, the lineage of its result columns (empty when none). */
  private final List<List<OutputColumn>> lineage;

  private RowDescription plannedFor;
  private int plannedStatement;
  private Plan plan;

  private ProtectedResult(
      Map<Long, Map<Integer, String>> protectedOrigins,
      Set<ColumnRef> protectedColumns,
      List<List<OutputColumn>> lineage) {
    this.protectedOrigins = protectedOrigins;
    this.protectedColumns = protectedColumns;
    this.lineage = lineage;
  }

  /**
   * @param masks the protected tables the query touched
   * @param lineage per statement of the query, the lineage of its result
   */
  public static ProtectedResult of(Collection<TableMask> masks, List<List<OutputColumn>> lineage) {
    Map<Long, Map<Integer, String>> origins = new HashMap<>();
    Set<ColumnRef> columns = new TreeSet<>();
    for (TableMask mask : masks) {
      for (Relation.Column column : mask.columns()) {
        if (mask.masked().containsKey(column.name())) {
          columns.add(new ColumnRef(mask.table(), column.name()));
          if (mask.oid() != 0 && column.number() != 0) {
            origins
                .computeIfAbsent(mask.oid(), key -> new HashMap<>())
                .put(column.number(), mask.table() + "." + column.name());
          }
        }
      }
    }
    return new ProtectedResult(Map.copyOf(origins), Set.copyOf(columns), List.copyOf(lineage));
  }

  @Override
  public RowDescription describe(RowDescription description) {
    return description;
  }

  @Override
  public DataRow transform(RowDescription description, DataRow row, Context context) {
    Plan current = plan(description, context.statement(), row.columnCount());
    List<ByteBuf> shown = null;
    int masked = 0;
    for (int i = 0; i < row.columnCount(); i++) {
      ByteBuf value = row.column(i);
      if (value == null) {
        continue;
      }
      boolean replace =
          current.clearOrigin[i] != null || current.scan[i] && SensitiveContent.in(value);
      if (replace) {
        if (shown == null) {
          shown = columns(row);
        }
        shown.set(i, MaskedValue.of(current.type[i], current.binary[i]));
        context.maskedColumn(
            current.clearOrigin[i] != null ? current.clearOrigin[i] : current.name[i]);
        masked++;
      } else if (current.maskedAtSource[i] != null) {
        masked++;
      }
    }
    if (masked > 0) {
      context.masked(masked);
      if (current.reportedTo != context) {
        // once per run, not per row: the columns are the same for every row of the result
        current.reportedTo = context;
        current.maskedColumns.forEach(context::maskedColumn);
      }
    }
    if (shown == null) {
      return row;
    }
    try {
      return DataRow.of(context.alloc(), shown);
    } finally {
      row.release();
    }
  }

  /** Counts every row's values of the columns masked at the source, NULLs included. */
  @Override
  public void unseenRows(long rows, Context context) {
    int statement = context.statement();
    if (statement >= lineage.size()) {
      return;
    }
    int columns = 0;
    for (OutputColumn column : lineage.get(statement)) {
      String source = protectedSource(column);
      if (source != null) {
        columns++;
        context.maskedColumn(source);
      }
    }
    context.masked(rows * columns);
  }

  private static List<ByteBuf> columns(DataRow row) {
    List<ByteBuf> columns = new ArrayList<>(row.columnCount());
    for (int i = 0; i < row.columnCount(); i++) {
      columns.add(row.column(i));
    }
    return columns;
  }

  private Plan plan(RowDescription description, int statement, int columns) {
    if (plan == null || plannedFor != description || plannedStatement != statement) {
      plan = new Plan(description, statement, columns);
      plannedFor = description;
      plannedStatement = statement;
    }
    return plan;
  }

  /** What happens to each column of one result shape. */
  private final class Plan {
    final String[] clearOrigin;
    final boolean[] scan;
    final String[] maskedAtSource;
    final int[] type;
    final boolean[] binary;
    final String[] name;
    final List<String> maskedColumns = new ArrayList<>();

    /** The run its masked columns were last reported to. */
    Context reportedTo;

    Plan(RowDescription description, int statement, int columns) {
      clearOrigin = new String[columns];
      scan = new boolean[columns];
      maskedAtSource = new String[columns];
      type = new int[columns];
      binary = new boolean[columns];
      name = new String[columns];
      List<OutputColumn> result = statement < lineage.size() ? lineage.get(statement) : List.of();
      boolean known = description != null && description.fields().size() == columns;
      for (int i = 0; i < columns; i++) {
        if (!known) {
          // Without a description nothing says what a column is: every value is scanned.
          scan[i] = true;
          name[i] = "column " + (i + 1);
          continue;
        }
        RowDescription.Field field = description.fields().get(i);
        type[i] = field.dataTypeOid();
        binary[i] = field.format() == 1;
        name[i] = field.name();
        if (field.tableOid() != 0) {
          Map<Integer, String> table =
              protectedOrigins.get(Integer.toUnsignedLong(field.tableOid()));
          clearOrigin[i] = table == null ? null : table.get((int) field.columnAttributeNumber());
        } else {
          scan[i] = !NOT_TEXT.contains(field.dataTypeOid());
        }
        if (result.size() == columns) {
          maskedAtSource[i] = protectedSource(result.get(i));
          if (maskedAtSource[i] != null && !maskedColumns.contains(maskedAtSource[i])) {
            maskedColumns.add(maskedAtSource[i]);
          }
          // Made of masked values alone, it holds nothing in clear: scanning it could only take a
          // mask's own output (a hash's hex digits) for a secret.
          if (onlyProtectedSources(result.get(i))) {
            scan[i] = false;
          }
        }
      }
    }
  }

  /** The first protected column a result column derives from, or null. */
  private String protectedSource(OutputColumn column) {
    for (ColumnRef source : column.sources()) {
      if (isProtected(source)) {
        return source.toString();
      }
    }
    return null;
  }

  /** Whether a result column derives from protected columns and nothing else. */
  private boolean onlyProtectedSources(OutputColumn column) {
    return !column.sources().isEmpty()
        && column.sources().stream()
            .allMatch(source -> !source.column().equals("*") && protectedColumns.contains(source));
  }

  private boolean isProtected(ColumnRef source) {
    return protectedColumns.contains(source)
        || source.column().equals("*")
            && protectedColumns.stream().anyMatch(c -> c.table().equals(source.table()));
  }
}
