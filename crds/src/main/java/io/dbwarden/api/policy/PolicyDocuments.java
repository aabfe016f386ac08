package io.dbwarden.api.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.api.policy.validation.PolicyValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a {@code DatabasePolicy} from exactly the YAML (or JSON) a user would {@code kubectl
 * apply}: {@code apiVersion: dbwarden.io/v1alpha1}, {@code kind: DatabasePolicy}, {@code
 * metadata.name} and a {@code spec}. The document is validated as a tree first, so every problem is
 * reported rather than the first, and bound only when it is valid. A {@code status} in the document
 * is accepted and ignored: it belongs to the operator.
 */
public final class PolicyDocuments {

  private PolicyDocuments() {}

  /** Parses, validates and binds one policy document. Never throws for bad input. */
  public static ParsedPolicy parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    JsonNode document;
    try {
      document = readSingleDocument(text);
    } catch (UnreadableDocument e) {
      return ParsedPolicy.invalid(List.of(new PolicyProblem("", e.getMessage())));
    }
    List<PolicyProblem> problems = PolicyValidator.validateDocument(document);
    if (!problems.isEmpty()) {
      return ParsedPolicy.invalid(problems);
    }
    ObjectNode bindable = ((ObjectNode) document).deepCopy();
    bindable.remove("status");
    try {
      return ParsedPolicy.valid(PolicyJson.fromTree(bindable, DatabasePolicy.class));
    } catch (IllegalArgumentException e) {
      // The schema and the types disagree: a bug, but still reported like any problem.
      return ParsedPolicy.invalid(
          List.of(new PolicyProblem("", "cannot read the policy: " + e.getMessage())));
    }
  }

  /** {@code policy} as YAML that {@link #parse} reads back to an equal policy. */
  public static String toYaml(DatabasePolicy policy) {
    return PolicyJson.toYaml(Objects.requireNonNull(policy, "policy must not be null"));
  }

  private static JsonNode readSingleDocument(String text) throws UnreadableDocument {
    boolean json = text.stripLeading().startsWith("{");
    ObjectMapper mapper = json ? PolicyJson.json() : PolicyJson.yaml();
    List<JsonNode> documents = new ArrayList<>();
    // One readTree per root value: YAML documents follow each other as roots. (readValues would
    // unwrap a root list into its elements and hide that the document is not an object.)
    try (JsonParser parser = mapper.createParser(text)) {
      for (JsonNode value = mapper.readTree(parser);
          value != null;
          value = mapper.readTree(parser)) {
        // "---" around a single document, or a file of comments, yields empty documents.
        if (!value.isNull() && !value.isMissingNode()) {
          documents.add(value);
        }
      }
    } catch (JsonProcessingException e) {
      throw new UnreadableDocument(syntaxError(json ? "JSON" : "YAML", e));
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a string", e);
    }
    if (documents.isEmpty()) {
      throw new UnreadableDocument("the document is empty");
    }
    if (documents.size() > 1) {
      throw new UnreadableDocument(
          "expected one document, found "
              + documents.size()
              + ": put each DatabasePolicy in a file of its own");
    }
    return documents.get(0);
  }

  private static String syntaxError(String format, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      // SnakeYAML's own message spreads context, problem and quoted lines over many lines.
      Mark at = yaml.getProblemMark();
      String message = position(format, at.getLine() + 1, at.getColumn() + 1) + yaml.getProblem();
      Mark context = yaml.getContextMark();
      if (yaml.getContext() != null && context != null) {
        message +=
            " ("
                + yaml.getContext()
                + " started at line "
                + (context.getLine() + 1)
                + ", column "
                + (context.getColumn() + 1)
                + ")";
      }
      return message;
    }
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 0) {
      return "invalid " + format + ": " + message;
    }
    return position(format, location.getLineNr(), location.getColumnNr()) + message;
  }

  private static String position(String format, int line, int column) {
    return "invalid " + format + " at line " + line + ", column " + column + ": ";
  }

  /** The text is not one well-formed document; the message says why. */
  private static final class UnreadableDocument extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableDocument(String message) {
      super(message, null, false, false);
    }
  }
}
