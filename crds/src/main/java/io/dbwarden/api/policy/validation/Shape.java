package io.dbwarden.api.policy.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** What a node of a policy document must look like. */
@FunctionalInterface
interface Shape {

  /**
   * Reports what is wrong with {@code node}.
   *
   * @return whether the node has the right JSON type, so checks that read it can run
   */
  boolean check(JsonNode node, String path, Problems problems);

  /** This shape, then {@code constraint} on nodes of the right type. */
  default Shape with(Constraint constraint) {
    return (node, path, problems) -> {
      boolean typed = check(node, path, problems);
      if (typed) {
        constraint.check(node, path, problems);
      }
      return typed;
    };
  }

  /** A rule about a node that its shape alone cannot say, e.g. that names are unique. */
  @FunctionalInterface
  interface Constraint {
    void check(JsonNode node, String path, Problems problems);
  }
}
