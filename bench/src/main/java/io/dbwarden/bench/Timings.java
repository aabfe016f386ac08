package io.dbwarden.bench;

import java.util.ArrayList;
import java.util.List;

/** Measured durations of one thing, summarised in milliseconds. */
final class Timings {

  private final List<Long> nanos = new ArrayList<>();

  void add(long duration) {
    nanos.add(duration);
  }

  double medianMillis() {
    long[] sorted = sorted();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1
        ? millis(sorted[mid])
        : (millis(sorted[mid - 1]) + millis(sorted[mid])) / 2;
  }

  double minMillis() {
    return millis(sorted()[0]);
  }

  double maxMillis() {
    long[] sorted = sorted();
    return millis(sorted[sorted.length - 1]);
  }

  private long[] sorted() {
    if (nanos.isEmpty()) {
      throw new IllegalStateException("nothing was measured");
    }
    return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
