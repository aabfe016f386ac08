package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A JSON Patch (RFC 6902) being built, {@code add} and {@code replace} operations in the order they
 * are applied. Paths are JSON Pointers (RFC 6901): build them with {@link #pointer} so that {@code
 * /} and {@code ~} in keys such as annotation names are escaped.
 */
public final class JsonPatch {

  private final ArrayNode operations = JsonNodeFactory.instance.arrayNode();

  /** Adds {@code value} at {@code path}: a new member, or an array element inserted there. */
  public JsonPatch add(String path, JsonNode value) {
    return operation("add", path, value);
  }

  /** Replaces the value at {@code path}, which must exist. */
  public JsonPatch replace(String path, JsonNode value) {
    return operation("replace", path, value);
  }

  /** The operations, as the {@code patch} of an AdmissionReview response takes them. */
  public ArrayNode operations() {
    return operations.deepCopy();
  }

  /** Whether there is no operation. */
  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** The JSON Pointer to {@code tokens}: object keys, array indices or {@code -} (past the end). */
  public static String pointer(Object... tokens) {
    StringBuilder pointer = new StringBuilder();
    for (Object token : tokens) {
      pointer.append('/').append(token.toString().replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private JsonPatch operation(String op, String path, JsonNode value) {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(value, "value must not be null");
    operations.addObject().put("op", op).put("path", path).set("value", value.deepCopy());
    return this;
  }
}
