package io.dbwarden.sidecar.sql.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two FROM items joined. {@code *} over a join lists the columns merged by {@code USING} or {@code
 * NATURAL} once, first, then the remaining columns of each side, like the server.
 */
record JoinNode(FromNode left, FromNode right, List<String> merged) implements FromNode {

  @Override
  public List<OutputColumn> columns() {
    Map<String, Set<ColumnRef>> mergedSources = new LinkedHashMap<>();
    for (String name : merged) {
      mergedSources.put(name, Set.of());
    }
    List<OutputColumn> rest = new ArrayList<>();
    for (FromNode side : List.of(left, right)) {
      for (OutputColumn column : side.columns()) {
        if (mergedSources.containsKey(column.name())) {
          mergedSources.merge(column.name(), column.sources(), RangeEntry::union);
        } else {
          rest.add(column);
        }
      }
    }
    List<OutputColumn> all = new ArrayList<>();
    mergedSources.forEach((name, sources) -> all.add(new OutputColumn(name, sources)));
    all.addAll(rest);
    return all;
  }

  @Override
  public List<RangeEntry> entries() {
    List<RangeEntry> all = new ArrayList<>(left.entries());
    all.addAll(right.entries());
    return all;
  }
}
