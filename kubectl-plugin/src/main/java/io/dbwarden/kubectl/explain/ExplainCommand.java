package io.dbwarden.kubectl.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.api.policy.validation.PolicyValidator;
import io.dbwarden.kubectl.ClusterCommand;
import io.dbwarden.kubectl.Exit;
import io.dbwarden.kubectl.Lookup;
import io.dbwarden.sidecar.identity.Identity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code kubectl dbwarden explain}: why a statement is (or would be) decided as it is, under
 * policies read from the cluster, by the sidecar's own decision step; or an AccessGrant explained:
 * its status and conditions, and why its statement needs an approval.
 */
@Command(
    name = "explain",
    description = {
      "Explain why a statement is decided as it is, or explain an AccessGrant.",
      "With --policy, judges the statement(s) under the DatabasePolicy read from the cluster, as"
          + " the sidecar does, and shows each step: guardrails, permissions, approval, masking,"
          + " row limit, then the decision; the exit code is 0 when allowed, 1 when refused or"
          + " held for approval. No database is read: names resolve in the schema public, and"
          + " columns that automatic masking would find are not listed.",
      "With a grant's name, shows its request, status, conditions (e.g. why a decision was"
          + " ignored), expiry and executions, and why its statement needs an approval.",
      "With --audit, explains the decisions audit records carry."
    },
    footer = {
      "",
      "Examples:",
      "  kubectl dbwarden explain -n shop --policy orders --as User:alice --group analysts \\",
      "      \"select email from customers where id = 3\"",
      "  kubectl dbwarden explain -n shop erasure-123",
      "  tail -n 1 dbwarden-audit.log | kubectl dbwarden explain --audit - -n shop --policy orders"
    })
public final class ExplainCommand extends ClusterCommand {

  /** A Kubernetes object name (RFC 1123 subdomain). */
  private static final String OBJECT_NAME = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";

  /** Output formats. */
  public enum Output {
    TEXT,
    JSON
  }

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      description =
          "A DatabasePolicy to judge the statement under; repeat it for the policies that select"
              + " the same workload, which are enforced together.")
  List<String> policies = new ArrayList<>();

  @Option(
      names = "--as",
      paramLabel = "KIND:NAME",
      description = "Who runs the statement: User:NAME or ServiceAccount:NAMESPACE/NAME.")
  String as;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description =
          "A group of the identity (repeatable); for a grant, of its subject, whose groups the"
              + " cluster does not know.")
  List<String> groups = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text (default) or json.")
  Output output = Output.TEXT;

  @Option(
      names = "--audit",
      paramLabel = "FILE",
      description =
          "Explain the decision of each audit record (one JSON object a line) in FILE, - for"
              + " standard input; with --policy, judge each statement again under today's"
              + " policy and say whether it is decided the same way.")
  String audit;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "GRANT|SQL",
      description = "The AccessGrant to explain, or with --policy the statement(s) to judge.")
  String target;

  @Override
  public Integer call() {
    if (audit != null) {
      if (target != null || as != null || output != Output.TEXT) {
        throw new ParameterException(
            spec().commandLine(),
            "--audit explains the records it reads, as text: no statement, grant name, --as or -o");
      }
      return audit();
    }
    if (target == null) {
      throw new ParameterException(
          spec().commandLine(),
          "explain what? an AccessGrant's name, --policy NAME --as User:NAME \"SQL\", or --audit"
              + " FILE");
    }
    if (!policies.isEmpty()) {
      return statement();
    }
    if (as != null) {
      throw new ParameterException(
          spec().commandLine(),
          "--as needs --policy: explain --policy NAME --as User:NAME \"SQL\"; to explain an"
              + " AccessGrant give only its name");
    }
    if (!target.matches(OBJECT_NAME)) {
      throw new ParameterException(
          spec().commandLine(),
          "'"
              + target
              + "' is not an AccessGrant name; to explain a statement, name its policy and who"
              + " runs it: explain --policy NAME --as User:NAME \"SQL\"");
    }
    return grant();
  }

  private int statement() {
    if (as == null) {
      throw new ParameterException(
          spec().commandLine(),
          "--as is needed: who runs the statement, User:NAME or ServiceAccount:NAMESPACE/NAME");
    }
    Identity identity;
    try {
      identity = Identities.parse(as, groups);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec().commandLine(), e.getMessage());
    }
    KubernetesClient client = client();
    String namespace = namespace(client);
    List<DatabasePolicy> fetched = policies(client, namespace);
    if (fetched == null) {
      return Exit.FAILED;
    }
    Judged judged = Judged.judge(identity, fetched, namespace, target);
    PrintWriter out = out();
    if (output == Output.JSON) {
      out.println(json(ExplainJson.of(judged)));
      out.flush();
    } else {
      ExplainText.print(judged, out);
    }
    return judged.decision().allowed() ? Exit.DONE : Exit.REFUSED;
  }

  /** The policies {@code --policy} names, valid; null when one is missing or invalid (said). */
  private List<DatabasePolicy> policies(KubernetesClient client, String namespace) {
    PrintWriter err = err();
    List<DatabasePolicy> fetched = new ArrayList<>();
    for (String name : policies) {
      DatabasePolicy policy = Lookup.get(client, DatabasePolicy.class, namespace, name);
      if (policy == null) {
        fail(Exit.FAILED, "DatabasePolicy " + name + " not found in namespace " + namespace);
        return null;
      }
      List<PolicyProblem> problems = PolicyValidator.validate(policy);
      if (!problems.isEmpty()) {
        err.println(
            "error: DatabasePolicy "
                + namespace
                + "/"
                + name
                + " is not valid, so no sidecar enforces this version of it:");
        problems.forEach(p -> err.println("  " + p));
        err.flush();
        return null;
      }
      fetched.add(policy);
    }
    return fetched;
  }

  private int audit() {
    List<AuditEvent> events = new ArrayList<>();
    ObjectMapper json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    String from = audit.equals("-") ? "standard input" : audit;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                audit.equals("-") ? root().stdin() : Files.newInputStream(Path.of(audit)),
                StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          events.add(json.readValue(line, AuditEvent.class));
        } catch (JsonProcessingException e) {
          // A record's own check (e.g. a missing type) says what is wrong; a parser only where.
          String why =
              e instanceof ValueInstantiationException && e.getCause() != null
                  ? e.getCause().getMessage()
                  : "not a JSON object";
          return fail(
              Exit.FAILED,
              "line "
                  + number
                  + " of "
                  + from
                  + " is not an audit record (one JSON object a line): "
                  + why);
        }
      }
    } catch (IOException e) {
      return fail(Exit.FAILED, "cannot read " + from + ": " + e.getMessage());
    }
    if (events.isEmpty()) {
      return fail(Exit.FAILED, "no audit record in " + from);
    }
    List<DatabasePolicy> fetched = List.of();
    String namespace = null;
    if (!policies.isEmpty()) {
      KubernetesClient client = client();
      namespace = namespace(client);
      fetched = policies(client, namespace);
      if (fetched == null) {
        return Exit.FAILED;
      }
    }
    PrintWriter out = out();
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.println();
      }
      AuditReport.print(events.get(i), fetched, namespace, out);
    }
    return Exit.DONE;
  }

  private int grant() {
    KubernetesClient client = client();
    String namespace = namespace(client);
    AccessGrant grant = Lookup.get(client, AccessGrant.class, namespace, target);
    if (grant == null) {
      return fail(Exit.FAILED, "AccessGrant " + target + " not found in namespace " + namespace);
    }
    AccessGrantSpec grantSpec = grant.getSpec();
    DatabasePolicy policy =
        grantSpec.getPolicy() == null
            ? null
            : client
                .resources(DatabasePolicy.class)
                .inNamespace(namespace)
                .withName(grantSpec.getPolicy())
                .get();
    List<PolicyProblem> problems = policy == null ? List.of() : PolicyValidator.validate(policy);
    Judged judged =
        policy != null
                && problems.isEmpty()
                && grantSpec.getStatement() != null
                && grantSpec.getSubject() != null
            ? Judged.judge(
                Identities.of(grantSpec.getSubject(), groups),
                List.of(policy),
                namespace,
                grantSpec.getStatement())
            : null;
    GrantReport report = new GrantReport(grant, policy, problems, judged, !groups.isEmpty());
    PrintWriter out = out();
    if (output == Output.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("grant", new KubernetesSerialization().convertValue(grant, JsonNode.class));
      json.put("policyFound", policy != null);
      json.put("policyProblems", problems.stream().map(PolicyProblem::toString).toList());
      json.put("explanation", judged == null ? null : ExplainJson.of(judged));
      json.put("conclusion", report.conclusion());
      out.println(json(json));
      out.flush();
    } else {
      report.print(root().clock().instant(), out);
    }
    return Exit.DONE;
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
