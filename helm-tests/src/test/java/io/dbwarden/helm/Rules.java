package io.dbwarden.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * RBAC rules flattened into one permission per line, {@code verb group/resource[name]}, so two rule
 * lists compare as the sets of what they allow, however they are grouped.
 */
final class Rules {

  private Rules() {}

  static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        throw new AssertionError("a non-resource URL rule: " + rule);
      }
      List<String> names =
          rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              ? List.of("")
              : rule.getResourceNames();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String name : names) {
            for (String verb : rule.getVerbs()) {
              permissions.add(
                  verb
                      + " "
                      + (group.isEmpty() ? "core" : group)
                      + "/"
                      + resource
                      + (name.isEmpty() ? "" : "[" + name + "]"));
            }
          }
        }
      }
    }
    return permissions;
  }
}
