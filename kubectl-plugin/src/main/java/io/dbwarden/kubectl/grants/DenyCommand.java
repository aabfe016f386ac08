package io.dbwarden.kubectl.grants;

import io.dbwarden.api.grant.Decision;
import picocli.CommandLine.Command;

/** {@code kubectl dbwarden deny NAME}. */
@Command(
    name = "deny",
    description = {
      "Deny an AccessGrant: write status.decision Denied through the status subresource.",
      "dbwarden's admission webhook stamps who decided and refuses the grant's own subject,"
          + " anyone not among the policy's approvers, and a second decision."
    })
public final class DenyCommand extends DecideCommand {

  @Override
  Decision decision() {
    return Decision.DENIED;
  }
}
