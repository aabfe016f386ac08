package io.dbwarden.sidecar.sql.analysis;

import java.util.List;

/** A FROM item or a join of items: what {@code *} expands to over it. */
interface FromNode {

  /** The columns in the order {@code SELECT *} produces them. */
  List<OutputColumn> columns();

  /** The range entries inside. */
  List<RangeEntry> entries();
}
