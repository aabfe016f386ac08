package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Links records into a chain and turns each into its line: the canonical JSON with {@code
 * prev_hash}, and {@code hash} added as the last key. Not thread-safe: one writer owns it.
 */
final class HashChain {

  private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LINE_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest digest = AuditJson.sha256();
  private String head;
  private byte[] headBytes;

  /**
   * @param head the hash of the last record already written, or {@link AuditEvent#GENESIS_HASH}
   */
  HashChain(String head) {
    this.head = Objects.requireNonNull(head, "head must not be null");
    this.headBytes = head.getBytes(StandardCharsets.US_ASCII);
  }

  /** The hash of the last record linked. */
  String head() {
    return head;
  }

  /**
   * Links the record after the current head and appends its line to {@code out}; on failure {@code
   * out} is as it was.
   */
  void append(AuditEvent event, LineBuffer out) {
    int start = out.size();
    try {
      AuditJson.write(event.chained(head, null), out);
    } catch (RuntimeException e) {
      out.cut(start);
      throw e;
    }
    // Hashed where it was written; then the hash goes in before the closing brace.
    digest.update(headBytes);
    digest.update(out.array(), start, out.size() - start);
    String hash = HEX.formatHex(digest.digest());
    byte[] hashBytes = hash.getBytes(StandardCharsets.US_ASCII);
    out.cut(out.size() - 1);
    out.writeBytes(HASH_KEY);
    out.writeBytes(hashBytes);
    out.writeBytes(LINE_END);
    head = hash;
    headBytes = hashBytes;
  }
}
