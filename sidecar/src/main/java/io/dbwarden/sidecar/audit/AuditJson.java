package io.dbwarden.sidecar.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.audit.AuditEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical JSON of audit records and their hashes. Canonical means: object keys sorted (by
 * their JSON names), no whitespace between tokens, strings and numbers as Jackson writes them.
 * Records are written in this form, so a line is canonical as it stands once its {@code hash} is
 * taken out; {@link #canonical(JsonNode)} brings a record read back from a file (possibly
 * re-formatted by some tool) into the same form.
 */
public final class AuditJson {

  /** Writes records with sorted keys: the canonical form. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private static final ObjectWriter EVENTS = MAPPER.writerFor(AuditEvent.class);
  private static final HexFormat HEX = HexFormat.of();

  private AuditJson() {}

  /** The shared mapper, for reading records back. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes the canonical JSON of a record (its {@code hash} should be null) to {@code out}. */
  static void write(AuditEvent event, OutputStream out) {
    try {
      EVENTS.writeValue(out, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical JSON of a record read back: keys sorted at every level. */
  public static byte[] canonical(JsonNode record) {
    try {
      return MAPPER.writeValueAsBytes(sorted(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode copy = MAPPER.createObjectNode();
      for (String name : names) {
        copy.set(name, sorted(object.get(name)));
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = MAPPER.createArrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** {@code sha256(prevHash + canonical)} in lower-case hex. */
  public static String hash(String prevHash, byte[] canonical) {
    MessageDigest digest = sha256();
    digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
    digest.update(canonical);
    return HEX.formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
