package io.dbwarden.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a document against a CRD's {@code openAPIV3Schema} the way the API server's structural
 * validation does, for the keywords our CRDs use: type, properties (unknown fields are errors, as
 * the API server prunes them silently), required, enum, pattern, minLength/maxLength,
 * minItems/maxItems, minimum. CEL rules are not evaluated; the operator's validator covers them.
 */
final class OpenApiSchemaCheck {

  private OpenApiSchemaCheck() {}

  /** Every problem, as {@code path: message}. */
  static List<String> check(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "", problems);
    return problems;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        && !schema.has("type")) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          problems.add(path + ": must be an object");
          return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (JsonNode required : schema.path("required")) {
          if (!value.has(required.asText())) {
            problems.add(path + "." + required.asText() + ": is required");
          }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String fieldPath = path + "." + field.getKey();
          if (properties.has(field.getKey())) {
            check(properties.get(field.getKey()), field.getValue(), fieldPath, problems);
          } else if (additional.isObject()) {
            check(additional, field.getValue(), fieldPath, problems);
          } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            problems.add(fieldPath + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          problems.add(path + ": must be a list");
          return;
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
          problems.add(path + ": needs at least " + schema.get("minItems").asLong() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
          problems.add(path + ": has more than " + schema.get("maxItems").asLong() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(path + ": must be a string");
          return;
        }
        String text = value.textValue();
        if (schema.has("pattern")
            && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
          problems.add(
              path + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asLong()) {
          problems.add(path + ": is longer than " + schema.get("maxLength").asLong());
        }
        if (schema.has("minLength") && text.length() < schema.get("minLength").asLong()) {
          problems.add(path + ": is shorter than " + schema.get("minLength").asLong());
        }
        checkEnum(schema, value, path, problems);
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(path + ": must be an integer");
        } else if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
          problems.add(path + ": must be at least " + schema.get("minimum").asText());
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(path + ": must be true or false");
        }
      }
      default -> checkEnum(schema, value, path, problems);
    }
  }

  private static void checkEnum(
      JsonNode schema, JsonNode value, String path, List<String> problems) {
    if (!schema.has("enum")) {
      return;
    }
    for (JsonNode allowed : schema.get("enum")) {
      if (allowed.equals(value)) {
        return;
      }
    }
    problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
  }
}
