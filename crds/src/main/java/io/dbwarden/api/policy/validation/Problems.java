package io.dbwarden.api.policy.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects problems in the order they are found. Not thread-safe: one per validation. */
final class Problems {

  private final List<PolicyProblem> found = new ArrayList<>();

  void add(String path, String message) {
    found.add(new PolicyProblem(path, message));
  }

  List<PolicyProblem> list() {
    return List.copyOf(found);
  }
}
