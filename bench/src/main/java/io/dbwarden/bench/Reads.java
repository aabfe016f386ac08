package io.dbwarden.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Timed reads with pgjdbc that check what they read, so that nothing wrong is measured. */
final class Reads {

  private Reads() {}

  /**
   * Reads and decodes every value of the result, as an application would; fails unless there are
   * {@code expectedRows} rows. Returns the time taken.
   */
  static long all(Connection connection, String sql, int expectedRows) throws SQLException {
    long start = System.nanoTime();
    int rows = 0;
    long characters = 0;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        rows++;
        for (int i = 1; i <= columns; i++) {
          characters += rs.getString(i).length();
        }
      }
    }
    long nanos = System.nanoTime() - start;
    if (rows != expectedRows || characters == 0) {
      throw new IllegalStateException(sql + " read " + rows + " rows, expected " + expectedRows);
    }
    return nanos;
  }

  /** Reads one row, fails unless it holds {@code values}, and returns the time taken. */
  static long row(Connection connection, String sql, List<String> values) throws SQLException {
    long start = System.nanoTime();
    List<String> read = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        for (int i = 1; i <= values.size(); i++) {
          read.add(rs.getString(i));
        }
      }
    }
    long nanos = System.nanoTime() - start;
    if (!read.equals(values)) {
      throw new IllegalStateException(sql + " read " + read + ", expected " + values);
    }
    return nanos;
  }
}
