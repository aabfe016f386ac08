package io.dbwarden.sidecar.policy;

/** The wording of refusals: every one names its rule and says what to do. */
final class Refusals {

  private Refusals() {}

  /**
   * @param what what was refused and why
   * @param advice what the client can do instead
   */
  static Decision refuse(String rule, String what, String advice) {
    return Decision.deny(rule, "dbwarden: " + what + " (rule \"" + rule + "\"); " + advice);
  }

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
