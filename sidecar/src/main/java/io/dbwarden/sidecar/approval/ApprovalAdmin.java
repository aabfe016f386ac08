package io.dbwarden.sidecar.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.policy.Durations;
import io.dbwarden.sidecar.admin.AdminRequest;
import io.dbwarden.sidecar.admin.AdminResponse;
import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The approvals on the admin port, for a proxy without Kubernetes: {@code GET /approvals} lists the
 * grants, {@code POST /approvals/approve} and {@code POST /approvals/deny} decide one. Every
 * request carries the admin token as a bearer token; the approver it names must be among the
 * policy's approvers and must not be the requester.
 */
public final class ApprovalAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GrantStore store;
  private final byte[] token;
  private final BiPredicate<Identity, String> mayApprove;
  private final Consumer<Grant> decided;

  /**
   * @param token the admin token requests must present
   * @param mayApprove whether an identity is among the approvers of a policy (named by the grant
   *     request: the one whose rule held the statement)
   * @param decided told of every decision made, for the audit
   */
  public ApprovalAdmin(
      GrantStore store,
      String token,
      BiPredicate<Identity, String> mayApprove,
      Consumer<Grant> decided) {
    this.store = store;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.mayApprove = mayApprove;
    this.decided = decided;
  }

  public void register(AdminRoutes routes) {
    routes.register(
        "/approvals",
        request ->
            authorized(
                request, () -> json(200, store.list().stream().map(ApprovalAdmin::view).toList())));
    routes.registerAction(
        "/approvals/approve", request -> authorized(request, () -> decide(request, true)));
    routes.registerAction(
        "/approvals/deny", request -> authorized(request, () -> decide(request, false)));
  }

  private interface Answer {
    AdminResponse get() throws Exception;
  }

  private AdminResponse authorized(AdminRequest request, Answer answer) throws Exception {
    String header = request.header("authorization");
    byte[] presented =
        header == null || !header.startsWith("Bearer ")
            ? new byte[0]
            : header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(presented, token)) {
      return error(401, "the admin token is missing or wrong");
    }
    return answer.get();
  }

  private AdminResponse decide(AdminRequest request, boolean approve) throws Exception {
    String name = request.parameter("name");
    String approver = request.parameter("approver");
    if (name == null || approver == null || !approver.contains(":")) {
      return error(400, "give name=GRANT and approver=User:NAME (and groups=A,B if any)");
    }
    Identity identity = approverIdentity(approver, request.parameter("groups"));
    if (identity == null) {
      return error(400, "approver must be User:NAME or ServiceAccount:NAMESPACE/NAME");
    }
    Grant grant = store.find(name).orElse(null);
    if (grant == null) {
      return error(404, "no approval request named " + name);
    }
    Identity requester = grant.request().requester();
    if (requester.kind() == identity.kind() && requester.name().equals(identity.name())) {
      return error(403, approver + " asked for " + name + " and cannot decide it too");
    }
    if (!mayApprove.test(identity, grant.request().policy())) {
      return error(403, approver + " is not among the policy's approvers");
    }
    int executions = integer(request.parameter("max-executions"), 1);
    Duration lifetime =
        request.parameter("for") == null
            ? grant.request().ttl()
            : Durations.parse(request.parameter("for"));
    try {
      Grant made = store.decide(name, approver, approve, executions, lifetime);
      decided.accept(made);
      return json(200, view(made));
    } catch (GrantDecisionException e) {
      return error(409, e.getMessage());
    }
  }

  private static Identity approverIdentity(String approver, String groups) {
    int colon = approver.indexOf(':');
    Identity.Kind kind;
    try {
      kind = Identity.Kind.valueOf(approver.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return null;
    }
    List<String> groupList =
        groups == null || groups.isBlank() ? List.of() : Arrays.asList(groups.split(","));
    return new Identity(
        kind, approver.substring(colon + 1), groupList, null, Identity.Method.WORKLOAD);
  }

  private static int integer(String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException("max-executions must be at least 1");
    }
    return parsed;
  }

  /** A grant as the CLI and an approver see it. */
  static Map<String, Object> view(Grant grant) {
    Map<String, Object> view = new LinkedHashMap<>();
    ApprovalRequest request = grant.request();
    view.put("name", grant.name());
    view.put("phase", grant.phase().name());
    view.put("subject", request.requester().kind() + ":" + request.requester().name());
    view.put("database", request.database());
    view.put("policy", request.policy());
    view.put("rule", request.rule());
    view.put("statement", request.text());
    view.put("tables", request.tables());
    view.put("reason", request.reason());
    view.put("estimatedRows", grant.estimatedRows());
    view.put("requestedAt", grant.requestedAt().toString());
    view.put("expiresAt", grant.expiresAt().toString());
    view.put("decidedBy", grant.decidedBy());
    view.put("maxExecutions", grant.maxExecutions());
    view.put(
        "executions",
        grant.executions().stream()
            .map(
                run -> {
                  Map<String, Object> shown = new LinkedHashMap<>();
                  shown.put("at", run.at().toString());
                  shown.put("sqlstate", run.sqlState());
                  shown.put("rows", run.rows());
                  return shown;
                })
            .toList());
    return view;
  }

  private static AdminResponse json(int status, Object body) throws Exception {
    return AdminResponse.json(status, JSON.writeValueAsString(body) + "\n");
  }

  private static AdminResponse error(int status, String message) throws Exception {
    return json(status, Map.of("error", message));
  }
}
