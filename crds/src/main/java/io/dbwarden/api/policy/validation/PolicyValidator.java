package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyJson;
import java.util.List;
import java.util.Objects;

/**
 * Finds everything wrong with a {@code DatabasePolicy}: required fields, enum values, name, glob,
 * column and duration patterns, unknown fields (with a suggestion when a known one is close),
 * duplicate rule names across permissions, guardrails and approvals, approval rules without
 * approvers, {@code ALL} mixed with other operations, and more. Stateless and thread-safe.
 *
 * <p>The operator runs it for the policy's {@code Valid} condition; {@link
 * io.dbwarden.api.policy.PolicyDocuments} runs it on files before binding them.
 */
public final class PolicyValidator {

  private PolicyValidator() {}

  /**
   * Validates a policy object, e.g. one read from the API server.
   *
   * @return every problem, in document order; empty when the policy is valid
   */
  public static List<PolicyProblem> validate(DatabasePolicy policy) {
    Objects.requireNonNull(policy, "policy must not be null");
    return validateDocument(PolicyJson.toTree(policy));
  }

  /**
   * Validates a whole document: {@code apiVersion}, {@code kind}, {@code metadata} and {@code
   * spec}.
   *
   * @return every problem, in document order; empty when the document is valid
   */
  public static List<PolicyProblem> validateDocument(JsonNode document) {
    Objects.requireNonNull(document, "document must not be null");
    Problems problems = new Problems();
    if (!document.isObject()) {
      problems.add("", "a DatabasePolicy document must be a mapping (an object)");
    } else {
      PolicySchema.DOCUMENT.check(document, "", problems);
    }
    return problems.list();
  }

  /**
   * Validates the spec alone; paths start with {@code spec}.
   *
   * @return every problem, in document order; empty when the spec is valid
   */
  public static List<PolicyProblem> validateSpec(JsonNode spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    Problems problems = new Problems();
    PolicySchema.SPEC.check(spec, "spec", problems);
    return problems.list();
  }
}
