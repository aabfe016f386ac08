package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object with known fields. Unknown fields are problems; {@code null} counts as absent, as the
 * API server prunes it.
 */
final class ObjectShape implements Shape {

  private final Map<String, Field> fields;

  private ObjectShape(Map<String, Field> fields) {
    // Declaration order is the order missing required fields are reported in.
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean check(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, Shapes.mismatch("an object", node));
      return false;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String fieldPath = FieldPaths.field(path, name);
      Field field = fields.get(name);
      if (field == null) {
        problems.add(
            fieldPath,
            "unknown field \"" + name + "\"" + Suggestions.didYouMean(name, fields.keySet()));
      } else if (entry.getValue().isNull()) {
        if (field.nullMessage != null) {
          problems.add(fieldPath, field.nullMessage);
        } else if (field.required) {
          problems.add(fieldPath, "is required");
        }
      } else {
        field.shape.check(entry.getValue(), fieldPath, problems);
      }
    }
    fields.forEach(
        (name, field) -> {
          if (field.required && !node.has(name)) {
            problems.add(FieldPaths.field(path, name), "is required");
          }
        });
    return true;
  }

  private record Field(Shape shape, boolean required, String nullMessage) {}

  /** Declares fields in document order. */
  static final class Builder {

    private final Map<String, Field> fields = new LinkedHashMap<>();

    Builder required(String name, Shape shape) {
      fields.put(name, new Field(shape, true, null));
      return this;
    }

    Builder optional(String name, Shape shape) {
      fields.put(name, new Field(shape, false, null));
      return this;
    }

    /** An optional field where an explicit {@code null} is a mistake worth explaining. */
    Builder optional(String name, Shape shape, String whenNull) {
      fields.put(name, new Field(shape, false, whenNull));
      return this;
    }

    ObjectShape build() {
      return new ObjectShape(fields);
    }
  }
}
