package io.dbwarden.kubectl.grants;

import io.dbwarden.api.grant.Decision;
import picocli.CommandLine.Command;

/** {@code kubectl dbwarden approve NAME}. */
@Command(
    name = "approve",
    description = {
      "Approve an AccessGrant: write status.decision Approved through the status subresource.",
      "dbwarden's admission webhook stamps who decided and refuses the grant's own subject,"
          + " anyone not among the policy's approvers, and a second decision."
    })
public final class ApproveCommand extends DecideCommand {

  @Override
  Decision decision() {
    return Decision.APPROVED;
  }
}
