package io.dbwarden.sidecar.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.audit.AuditEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Proves the hash chain of audit files, given in the order they were written (oldest rotated file
 * first, the current file last), and finds the first record that breaks it.
 *
 * <p>Each record's hash is recomputed from its canonical JSON: a mismatch means the record was
 * altered. Each record's {@code prev_hash} must be the hash of the record before: when it is not,
 * the record it names is looked for in the files; found later, the records were reordered; found
 * earlier, a record was repeated or moved back; found nowhere, records were removed (or the record
 * before was altered and its hash recomputed, which looks the same). The very first record must
 * start from the genesis hash, unless the files are allowed to start mid-chain (older rotated files
 * deleted).
 *
 * <p>Removing records from the end of the newest file leaves a valid, shorter chain: compare the
 * last hash reported with one kept elsewhere to prove the tail.
 */
public final class AuditVerifier {

  /** What kind of break was found. */
  public enum Kind {
    /** The line is not a JSON record with a hash. */
    MALFORMED,
    /** The record's content does not match its hash. */
    ALTERED,
    /** Records are out of order. */
    REORDERED,
    /** A record appears again, or moved back. */
    REPEATED,
    /** Records are missing before this one. */
    REMOVED,
    /** The first record continues a chain whose beginning is not in the files. */
    STARTS_MID_CHAIN
  }

  /** Where a line is. */
  public record Position(Path file, long line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /** The first record that breaks the chain. */
  public record Break(Position at, Kind kind, String message) {}

  /**
   * The outcome.
   *
   * @param records records checked (up to the break, if any)
   * @param startsFrom the {@code prev_hash} of the first record
   * @param lastHash the hash of the last record checked
   * @param broken the first break, or null when the chain is intact
   */
  public record Result(long records, String startsFrom, String lastHash, Break broken) {
    public boolean intact() {
      return broken == null;
    }
  }

  private final boolean allowMidChainStart;

  /**
   * @param allowMidChainStart accept files whose first record continues an earlier chain (the
   *     oldest rotated files were deleted)
   */
  public AuditVerifier(boolean allowMidChainStart) {
    this.allowMidChainStart = allowMidChainStart;
  }

  public Result verify(List<Path> files) throws IOException {
    Objects.requireNonNull(files, "files must not be null");
    String expected = null;
    String startsFrom = null;
    long records = 0;
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          Position at = new Position(file, number);
          Record record = parse(line);
          if (record == null) {
            return new Result(
                records,
                startsFrom,
                expected,
                new Break(
                    at,
                    Kind.MALFORMED,
                    "not an audit record with prev_hash and hash (altered or cut short)"));
          }
          if (!record.hash.equals(AuditJson.hash(record.prevHash, record.canonical))) {
            return new Result(
                records,
                startsFrom,
                expected,
                new Break(
                    at,
                    Kind.ALTERED,
                    "the record's content does not match its hash: it was altered after it was"
                        + " written"));
          }
          if (expected == null) {
            startsFrom = record.prevHash;
            if (!record.prevHash.equals(AuditEvent.GENESIS_HASH) && !allowMidChainStart) {
              return new Result(
                  records,
                  startsFrom,
                  null,
                  new Break(
                      at,
                      Kind.STARTS_MID_CHAIN,
                      "the first record continues a chain that starts before the given files"
                          + " (prev_hash "
                          + record.prevHash
                          + "): give the older files too, or allow a partial chain if they were"
                          + " rotated away"));
            }
          } else if (!record.prevHash.equals(expected)) {
            return new Result(records, startsFrom, expected, brokenLink(files, at, record));
          }
          expected = record.hash;
          records++;
        }
      }
    }
    return new Result(records, startsFrom, expected, null);
  }

  /** Classifies a record whose prev_hash is not the hash of the record before it. */
  private static Break brokenLink(List<Path> files, Position at, Record record) throws IOException {
    Position named = find(files, record.prevHash);
    if (named == null) {
      return new Break(
          at,
          Kind.REMOVED,
          "the record before it is missing: one or more records were removed before this line"
              + " (or the record before was altered and its hash recomputed)");
    }
    boolean later =
        files.indexOf(named.file()) > files.indexOf(at.file())
            || (named.file().equals(at.file()) && named.line() > at.line());
    if (later) {
      return new Break(
          at, Kind.REORDERED, "records are out of order: this record belongs right after " + named);
    }
    return new Break(
        at,
        Kind.REPEATED,
        "this record follows " + named + ", which is earlier: a record was repeated or moved back");
  }

  /** The position of the record with this hash, or null. */
  private static Position find(List<Path> files, String hash) throws IOException {
    String needle = "\"hash\":\"" + hash + "\"";
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.contains(needle)) {
            return new Position(file, number);
          }
        }
      }
    }
    return null;
  }

  private record Record(String prevHash, String hash, byte[] canonical) {}

  private static Record parse(String line) {
    JsonNode node;
    try {
      node = AuditJson.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (!(node instanceof ObjectNode object)) {
      return null;
    }
    JsonNode hash = object.remove("hash");
    JsonNode prev = object.get("prev_hash");
    if (hash == null || !hash.isTextual() || prev == null || !prev.isTextual()) {
      return null;
    }
    return new Record(prev.asText(), hash.asText(), AuditJson.canonical(object));
  }
}
