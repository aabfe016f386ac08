package io.dbwarden.api.policy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the RFC 3339 times the API server and the operator write into metadata and status. */
public final class Timestamps {

  private Timestamps() {}

  /**
   * The time {@code timestamp} names; empty when there is none or it is not an RFC 3339 time
   * (status is written by people too, and a time that cannot be read is treated as absent).
   */
  public static Optional<Instant> parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
