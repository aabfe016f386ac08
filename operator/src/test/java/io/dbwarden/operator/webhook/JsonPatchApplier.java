package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a JSON Patch (RFC 6902) the way the API server does, for {@code add}, {@code replace} and
 * {@code remove}; anything else, or a path that does not resolve, fails the test.
 */
public final class JsonPatchApplier {

  private JsonPatchApplier() {}

  /** {@code document} with {@code patch} applied; {@code document} is not changed. */
  public static JsonNode apply(JsonNode document, JsonNode patch) {
    JsonNode result = document.deepCopy();
    for (JsonNode operation : patch) {
      List<String> tokens = tokens(operation.path("path").asText());
      String op = operation.path("op").asText();
      JsonNode parent = resolve(result, tokens.subList(0, tokens.size() - 1));
      String last = tokens.get(tokens.size() - 1);
      JsonNode value = operation.get("value");
      switch (op) {
        case "add" -> add(parent, last, value);
        case "replace" -> {
          remove(parent, last);
          add(parent, last, value);
        }
        case "remove" -> remove(parent, last);
        default -> throw new AssertionError("unsupported op " + op);
      }
    }
    return result;
  }

  private static void add(JsonNode parent, String token, JsonNode value) {
    if (value == null) {
      throw new AssertionError("add without a value");
    }
    if (parent instanceof ObjectNode object) {
      object.set(token, value.deepCopy());
    } else if (parent instanceof ArrayNode array) {
      if (token.equals("-")) {
        array.add(value.deepCopy());
      } else {
        int index = index(token, array.size() + 1);
        array.insert(index, value.deepCopy());
      }
    } else {
      throw new AssertionError("cannot add into " + parent);
    }
  }

  private static void remove(JsonNode parent, String token) {
    if (parent instanceof ObjectNode object) {
      if (object.remove(token) == null) {
        throw new AssertionError("no member " + token);
      }
    } else if (parent instanceof ArrayNode array) {
      array.remove(index(token, array.size()));
    } else {
      throw new AssertionError("cannot remove from " + parent);
    }
  }

  private static JsonNode resolve(JsonNode root, List<String> tokens) {
    JsonNode node = root;
    for (String token : tokens) {
      node = node.isArray() ? node.get(index(token, node.size())) : node.get(token);
      if (node == null) {
        throw new AssertionError("path does not resolve at " + token);
      }
    }
    return node;
  }

  private static int index(String token, int bound) {
    int index = Integer.parseInt(token);
    if (index < 0 || index >= bound) {
      throw new AssertionError("index " + index + " out of bounds " + bound);
    }
    return index;
  }

  private static List<String> tokens(String pointer) {
    if (!pointer.startsWith("/")) {
      throw new AssertionError("not a JSON pointer: " + pointer);
    }
    List<String> tokens = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }
}
