package io.dbwarden.kubectl.grants;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in columns padded to their widest cell, three spaces apart, as kubectl does. */
public final class Table {

  private final List<List<String>> rows = new ArrayList<>();

  public Table(List<String> header) {
    rows.add(header);
  }

  public void add(List<String> row) {
    if (row.size() != rows.get(0).size()) {
      throw new IllegalArgumentException("a row has one cell per column");
    }
    rows.add(row);
  }

  public void print(PrintWriter out) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row.get(i));
        if (i < widths.length - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
        }
      }
      out.println(line);
    }
    out.flush();
  }
}
