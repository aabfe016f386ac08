package io.dbwarden.sidecar.policy;

/** The wording of refusals for statements the proxy could not judge. */
final class Refusals {

  private Refusals() {}

  static Decision cannotJudge(String rule, String why) {
    return Decision.deny(
        rule,
        "dbwarden: "
            + why
            + ", so it was not run (rule \""
            + rule
            + "\"); rewrite it, or ask the policy's owners to set failOpen for it");
  }
}
