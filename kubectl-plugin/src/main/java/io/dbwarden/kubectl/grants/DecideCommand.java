package io.dbwarden.kubectl.grants;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.kubectl.ClusterCommand;
import io.dbwarden.kubectl.ClusterErrors;
import io.dbwarden.kubectl.Exit;
import io.dbwarden.kubectl.Lookup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import picocli.CommandLine.Parameters;

/**
 * {@code approve} and {@code deny}: shows what is being decided, then writes {@code
 * status.decision} through the status subresource, as {@code kubectl patch accessgrant NAME
 * --subresource=status --type=merge -p '{"status":{"decision":"Approved"}}'} does. dbwarden's
 * admission webhook is the authority: it stamps who decided and refuses the grant's own subject,
 * anyone not among the policy's approvers, and a second decision. The plugin refuses a grant that
 * is already decided before asking, and shows the webhook's refusal as it gave it.
 */
abstract class DecideCommand extends ClusterCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The AccessGrant.")
  String name;

  /** The decision this command writes. */
  abstract Decision decision();

  @Override
  public Integer call() {
    PrintWriter out = out();
    KubernetesClient client = client();
    String namespace = namespace(client);
    AccessGrant grant = Lookup.get(client, AccessGrant.class, namespace, name);
    if (grant == null) {
      return fail(Exit.FAILED, "AccessGrant " + name + " not found in namespace " + namespace);
    }
    String decision = decision() == Decision.APPROVED ? "Approved" : "Denied";
    String verb = decision() == Decision.APPROVED ? "approve" : "deny";
    describe(grant, namespace, out);

    AccessGrantStatus status = grant.getStatus();
    if (GrantText.decision(status) != null) {
      return fail(
          Exit.REFUSED,
          "AccessGrant "
              + name
              + " was already decided ("
              + GrantText.decidedBy(status)
              + "); a decision is final, so it was left as it is");
    }
    if (!GrantText.pending(grant)) {
      return fail(
          Exit.REFUSED,
          "AccessGrant "
              + name
              + " is "
              + GrantText.phase(grant)
              + ": there is nothing left to decide");
    }

    AccessGrant decided;
    try {
      decided =
          // Patching through the object read above: a patch without one reads it again first.
          client
              .resources(AccessGrant.class)
              .inNamespace(namespace)
              .resource(grant)
              .subresource("status")
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"status\":{\"decision\":\"" + decision + "\"}}");
    } catch (KubernetesClientException e) {
      if (refusal(e.getCode())) {
        return fail(
            Exit.REFUSED,
            "the API server refused to "
                + verb
                + " AccessGrant "
                + name
                + ": "
                + ClusterErrors.serverMessage(e));
      }
      throw e;
    }
    AccessGrantStatus written = decided == null ? null : decided.getStatus();
    String by = written == null ? null : written.getDecidedBy();
    if (by == null || by.isBlank()) {
      out.println("AccessGrant " + name + ": " + decision + " written.");
      out.flush();
      err()
          .println(
              "warning: the decision carries no decidedBy stamp, so dbwarden's admission webhook did"
                  + " not see it and the operator will ignore it (condition Decided, reason"
                  + " UnverifiedDecision); is the dbwarden chart installed in this cluster?");
      err().flush();
    } else {
      out.println(
          "AccessGrant "
              + name
              + " "
              + (decision() == Decision.APPROVED ? "approved" : "denied")
              + " by "
              + by
              + ".");
      out.flush();
    }
    return Exit.DONE;
  }

  /**
   * A status the API server answers a write it will not make with: an admission webhook's denial
   * (400 unless it names another), RBAC's 403, a validation's 422, a conflict.
   */
  private static boolean refusal(int code) {
    return code >= 400 && code < 500 && code != 401 && code != 404;
  }

  private void describe(AccessGrant grant, String namespace, PrintWriter out) {
    AccessGrantSpec spec = grant.getSpec();
    String action = decision() == Decision.APPROVED ? "Approving" : "Denying";
    out.println(action + " AccessGrant " + name + " in namespace " + namespace + ":");
    out.println("  subject:    " + GrantText.subject(spec.getSubject()));
    if (spec.getStatement() != null) {
      out.println("  statement:  " + GrantText.statement(spec));
    } else {
      out.println("  scope:      " + GrantText.scope(spec.getScope()));
    }
    out.println("  reason:     " + (spec.getReason() == null ? "-" : spec.getReason()));
    out.println("  policy:     " + spec.getPolicy());
    out.println("  allows:     " + GrantText.allowance(spec));
    if (grant.getStatus() != null && grant.getStatus().getEstimatedRows() != null) {
      out.println(
          "  estimate:   " + grant.getStatus().getEstimatedRows() + " rows (the planner's)");
    }
    out.flush();
  }
}
