package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Objects;

/**
 * Jackson configured for policy documents, shared so that every reader binds them alike. Explicit
 * {@code null}s are skipped while binding, as the API server prunes them, so a field written as
 * {@code null} keeps its default.
 */
public final class PolicyJson {

  private static final JsonMapper JSON = configure(JsonMapper.builder()).build();

  private static final YAMLMapper YAML =
      configure(YAMLMapper.builder())
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private PolicyJson() {}

  /** The tree of {@code value}, nulls left out. */
  public static JsonNode toTree(Object value) {
    return JSON.valueToTree(Objects.requireNonNull(value, "value must not be null"));
  }

  /**
   * Binds a tree to {@code type}.
   *
   * @throws IllegalArgumentException if the tree does not fit the type
   */
  public static <T> T fromTree(JsonNode tree, Class<T> type) {
    Objects.requireNonNull(tree, "tree must not be null");
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as YAML, without a document start marker. */
  public static String toYaml(Object value) {
    return write(YAML, value);
  }

  /** {@code value} as compact JSON. */
  public static String toJson(Object value) {
    return write(JSON, value);
  }

  static JsonMapper json() {
    return JSON;
  }

  static YAMLMapper yaml() {
    return YAML;
  }

  private static String write(ObjectMapper mapper, Object value) {
    Objects.requireNonNull(value, "value must not be null");
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy types always serialize", e);
    }
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        // A key written twice silently drops the first value; in a policy that could be a rule.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP));
  }
}
