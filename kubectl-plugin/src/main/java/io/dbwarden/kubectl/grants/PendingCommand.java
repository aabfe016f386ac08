package io.dbwarden.kubectl.grants;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.kubectl.ClusterCommand;
import io.dbwarden.kubectl.Exit;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubectl dbwarden pending}: the AccessGrants waiting for a decision, oldest first. */
@Command(
    name = "pending",
    description = {
      "List the AccessGrants waiting for a decision (none written yet, phase Pending or not yet"
          + " given one by the operator), oldest first."
    })
public final class PendingCommand extends ClusterCommand {

  /** Longest statement and reason shown; explain GRANT shows them whole. */
  private static final int STATEMENT_WIDTH = 60;

  private static final int REASON_WIDTH = 40;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List the grants of every namespace.")
  boolean allNamespaces;

  @Override
  public Integer call() {
    KubernetesClient client = client();
    String namespace = namespace(client);
    List<AccessGrant> grants =
        (allNamespaces
                ? client.resources(AccessGrant.class).inAnyNamespace().list()
                : client.resources(AccessGrant.class).inNamespace(namespace).list())
            .getItems();
    List<AccessGrant> pending =
        grants.stream()
            .filter(GrantText::pending)
            .sorted(
                Comparator.comparing(
                        (AccessGrant g) -> created(g),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(g -> g.getMetadata().getNamespace())
                    .thenComparing(g -> g.getMetadata().getName()))
            .toList();
    if (pending.isEmpty()) {
      PrintWriter err = err();
      err.println(
          "No pending AccessGrants "
              + (allNamespaces ? "in any namespace." : "in namespace " + namespace + "."));
      err.flush();
      return Exit.DONE;
    }
    Instant now = root().clock().instant();
    List<String> header = new ArrayList<>();
    if (allNamespaces) {
      header.add("NAMESPACE");
    }
    header.addAll(List.of("NAME", "SUBJECT", "POLICY", "REQUEST", "REASON", "AGE", "EXPIRES"));
    Table table = new Table(header);
    for (AccessGrant grant : pending) {
      List<String> row = new ArrayList<>();
      if (allNamespaces) {
        row.add(grant.getMetadata().getNamespace());
      }
      row.add(grant.getMetadata().getName());
      row.add(GrantText.subject(grant.getSpec().getSubject()));
      row.add(String.valueOf(grant.getSpec().getPolicy()));
      row.add(GrantText.shortened(GrantText.request(grant.getSpec()), STATEMENT_WIDTH));
      row.add(
          grant.getSpec().getReason() == null
              ? "-"
              : GrantText.shortened(GrantText.oneLine(grant.getSpec().getReason()), REASON_WIDTH));
      row.add(Times.age(created(grant), now));
      row.add(
          Times.relative(
              grant.getStatus() == null ? null : Times.parse(grant.getStatus().getExpiresAt()),
              now));
      table.add(row);
    }
    table.print(out());
    return Exit.DONE;
  }

  private static Instant created(AccessGrant grant) {
    return Times.parse(grant.getMetadata().getCreationTimestamp());
  }
}
