package io.dbwarden.kubectl.explain;

import io.dbwarden.api.policy.Subject;
import io.dbwarden.sidecar.identity.Identity;
import java.util.ArrayList;
import java.util.List;

/** The identity a statement is judged for: from {@code --as}, or from a grant's subject. */
final class Identities {

  private Identities() {}

  /**
   * {@code User:NAME} or {@code ServiceAccount:NAMESPACE/NAME}, with {@code groups}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code as}
   */
  static Identity parse(String as, List<String> groups) {
    int colon = as.indexOf(':');
    String kind = colon < 0 ? "" : as.substring(0, colon);
    String name = colon < 0 ? "" : as.substring(colon + 1);
    if (kind.equals("Group")) {
      throw new IllegalArgumentException(
          "--as names who connects, a User or a ServiceAccount; give the groups it belongs to with"
              + " --group");
    }
    Identity.Kind parsed =
        switch (kind) {
          case "User" -> Identity.Kind.User;
          case "ServiceAccount" -> Identity.Kind.ServiceAccount;
          default -> null;
        };
    if (parsed == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "--as must be User:NAME or ServiceAccount:NAMESPACE/NAME, not '" + as + "'");
    }
    if (parsed == Identity.Kind.ServiceAccount && !name.matches("[^/]+/[^/]+")) {
      throw new IllegalArgumentException(
          "a ServiceAccount is named NAMESPACE/NAME, as in ServiceAccount:shop/orders, not '"
              + name
              + "'");
    }
    return new Identity(parsed, name, groups, null, Identity.Method.PASSTHROUGH);
  }

  /**
   * Who a grant's subject connects as. A group's grant is for any member, judged here as a user in
   * that group; {@code groups} adds the groups a user's token would carry, which the cluster does
   * not know.
   */
  static Identity of(Subject subject, List<String> groups) {
    List<String> all = new ArrayList<>(groups);
    return switch (subject.getKind()) {
      case USER ->
          new Identity(Identity.Kind.User, subject.getName(), all, null, Identity.Method.JWT);
      case SERVICE_ACCOUNT ->
          new Identity(
              Identity.Kind.ServiceAccount, subject.getName(), all, null, Identity.Method.WORKLOAD);
      case GROUP -> {
        if (!all.contains(subject.getName())) {
          all.add(0, subject.getName());
        }
        yield new Identity(
            Identity.Kind.User,
            "(a member of group " + subject.getName() + ")",
            all,
            null,
            Identity.Method.JWT);
      }
    };
  }

  /** {@code User alice (groups: analysts)}. */
  static String describe(Identity identity) {
    return identity.kind()
        + " "
        + identity.name()
        + " (groups: "
        + (identity.groups().isEmpty() ? "none" : String.join(", ", identity.groups()))
        + ")";
  }
}
