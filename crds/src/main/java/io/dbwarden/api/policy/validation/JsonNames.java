package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The names enum constants have in documents, read from their {@code @JsonProperty}, so the
 * validator accepts exactly what binding accepts.
 */
final class JsonNames {

  private JsonNames() {}

  static List<String> of(Class<? extends Enum<?>> type) {
    List<String> names = new ArrayList<>();
    for (Enum<?> constant : type.getEnumConstants()) {
      try {
        JsonProperty property = type.getField(constant.name()).getAnnotation(JsonProperty.class);
        names.add(property != null ? property.value() : constant.name());
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("enum constant without a field: " + constant, e);
      }
    }
    return List.copyOf(names);
  }
}
