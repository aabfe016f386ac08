package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Links records into a chain and turns each into its line: the canonical JSON with {@code
 * prev_hash}, and {@code hash} added as the last key. Not thread-safe: one writer owns it.
 */
final class HashChain {

  private static final byte[] HASH_KEY = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LINE_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

  private String head;

  /**
   * @param head the hash of the last record already written, or {@link AuditEvent#GENESIS_HASH}
   */
  HashChain(String head) {
    this.head = Objects.requireNonNull(head, "head must not be null");
  }

  /** The hash of the last record linked. */
  String head() {
    return head;
  }

  /** Links the record after the current head and appends its line to {@code out}. */
  void append(AuditEvent event, ByteArrayOutputStream out) {
    byte[] canonical = AuditJson.canonical(event.chained(head, null));
    String hash = AuditJson.hash(head, canonical);
    // The canonical form ends with the closing brace: the hash goes in just before it.
    out.write(canonical, 0, canonical.length - 1);
    out.writeBytes(HASH_KEY);
    out.writeBytes(hash.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(LINE_END);
    head = hash;
  }
}
