package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.policy.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The leaf and container shapes policy documents are made of. */
final class Shapes {

  /** Enums longer than this are not listed in full after an unknown value. */
  private static final int LISTED_VALUES = 6;

  private Shapes() {}

  /** Any string, including the empty one. */
  static Shape string() {
    return text(value -> Optional.empty());
  }

  /** A string with something in it. */
  static Shape nonEmptyString() {
    return text(value -> value.isBlank() ? Optional.of("must not be empty") : Optional.empty());
  }

  /** A string {@code check} maps to a problem, or to nothing when it is fine. */
  static Shape text(Function<String, Optional<String>> check) {
    return (node, path, problems) -> {
      if (!node.isTextual()) {
        problems.add(path, mismatch("a string", node));
        return false;
      }
      check.apply(node.textValue()).ifPresent(message -> problems.add(path, message));
      return true;
    };
  }

  /** A string matching {@code regex}; {@code explain} turns a bad value into the message. */
  static Shape matching(String regex, Function<String, String> explain) {
    Pattern pattern = Pattern.compile(regex);
    return text(
        value ->
            pattern.matcher(value).matches()
                ? Optional.empty()
                : Optional.of(explain.apply(value)));
  }

  /** A string equal to {@code expected}. */
  static Shape exactly(String expected) {
    return text(
        value ->
            value.equals(expected)
                ? Optional.empty()
                : Optional.of("must be " + expected + ", not \"" + value + "\""));
  }

  /** One of {@code values}; {@code what} names it in messages ({@code unknown engine "x"}). */
  static Shape oneOf(String what, List<String> values) {
    return text(
        value -> {
          if (values.contains(value)) {
            return Optional.empty();
          }
          String message = "unknown " + what + " \"" + value + "\"";
          Optional<String> suggestion = Suggestions.closest(value, values);
          if (suggestion.isPresent()) {
            return Optional.of(message + " (did you mean " + suggestion.get() + "?)");
          }
          if (values.size() <= LISTED_VALUES) {
            return Optional.of(message + " (expected " + alternatives(values) + ")");
          }
          return Optional.of(message);
        });
  }

  /** One of the document names of an enum's constants. */
  static Shape oneOf(String what, Class<? extends Enum<?>> type) {
    return oneOf(what, JsonNames.of(type));
  }

  /** A duration such as {@code 1h30m}; with {@code positive}, longer than zero. */
  static Shape duration(boolean positive) {
    Shape text =
        text(
            value -> {
              if (!Durations.isValid(value)) {
                return Optional.of(
                    "invalid duration \"" + value + "\" (write e.g. 90s, 15m, 1h30m or 2d)");
              }
              if (positive && Durations.parse(value).compareTo(Duration.ZERO) <= 0) {
                return Optional.of("must be longer than 0s");
              }
              return Optional.empty();
            });
    return (node, path, problems) -> {
      // YAML reads "ttl: 60" as a number; say what is missing rather than "not a number".
      if (node.isNumber()) {
        problems.add(path, "invalid duration " + node.asText() + " (add a unit: ms, s, m, h or d)");
        return false;
      }
      return text.check(node, path, problems);
    };
  }

  /** A whole number of at least {@code min}. */
  static Shape integer(long min) {
    return (node, path, problems) -> {
      if (!node.isIntegralNumber()) {
        problems.add(path, mismatch("a whole number", node));
        return false;
      }
      if (!node.canConvertToLong()) {
        problems.add(path, "is too large");
      } else if (node.longValue() < min) {
        problems.add(path, "must be at least " + min);
      }
      return true;
    };
  }

  /** {@code true} or {@code false}. */
  static Shape bool() {
    return (node, path, problems) -> {
      if (!node.isBoolean()) {
        problems.add(path, mismatch("true or false", node));
        return false;
      }
      return true;
    };
  }

  /** A list whose entries have {@code element}'s shape. */
  static Shape list(Shape element) {
    return (node, path, problems) -> {
      if (!node.isArray()) {
        problems.add(path, mismatch("a list", node));
        return false;
      }
      for (int i = 0; i < node.size(); i++) {
        String entryPath = FieldPaths.index(path, i);
        if (node.get(i).isNull()) {
          problems.add(entryPath, "must not be null");
        } else {
          element.check(node.get(i), entryPath, problems);
        }
      }
      return true;
    };
  }

  /** A list with at least one entry; {@code whenEmpty} says what an empty one lacks. */
  static Shape nonEmptyList(Shape element, String whenEmpty) {
    return list(element)
        .with(
            (node, path, problems) -> {
              if (node.isEmpty()) {
                problems.add(path, whenEmpty);
              }
            });
  }

  /** An object with free keys whose values have {@code value}'s shape (labels, annotations). */
  static Shape map(Shape value) {
    return (node, path, problems) -> {
      if (!node.isObject()) {
        problems.add(path, mismatch("an object", node));
        return false;
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        value.check(entry.getValue(), FieldPaths.field(path, entry.getKey()), problems);
      }
      return true;
    };
  }

  /** Anything: fields the policy does not own, such as server-set metadata. */
  static Shape any() {
    return (node, path, problems) -> true;
  }

  static String mismatch(String expected, JsonNode actual) {
    return "must be " + expected + ", not " + describe(actual);
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "the string \"" + node.textValue() + "\"";
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String alternatives(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(", ", values.subList(0, values.size() - 1))
        + " or "
        + values.get(values.size() - 1);
  }
}
