package io.dbwarden.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.operator.grant.GrantPhaseMachine;
import io.dbwarden.operator.policy.PolicyStatuses;
import io.dbwarden.operator.sidecars.AuditCounts;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The Argo CD health checks of {@code examples/argocd/health/}, run as Argo CD runs them: the
 * resource as the global {@code obj} (numbers as Lua numbers, as Argo CD decodes them), only the
 * base, package and table libraries open (Argo CD opens no others for custom scripts, so a script
 * calling {@code string.format} fails here as it would there), and the returned table read as
 * {@code status} and {@code message}. The resources carry statuses computed by the operator's own
 * code, so the scripts are checked against what the operator really writes.
 *
 * @see <a href="https://argo-cd.readthedocs.io/en/stable/operator-manual/health/">Argo CD: Resource
 *     Health, custom health checks</a>
 */
class ArgoCdHealthTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The statuses Argo CD accepts; anything else it turns into Unknown. */
  private static final List<String> STATUSES =
      List.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  record Health(String status, String message) {}

  static Health run(String script, HasMetadata resource) {
    return run(script, SERIALIZATION.convertValue(resource, JsonNode.class));
  }

  static Health run(String script, JsonNode resource) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", lua(resource));
    LuaValue result = globals.load(ExampleFiles.healthCheck(script), script).call();
    assertThat(result.istable()).as("%s returns a table", script).isTrue();
    Health health =
        new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
    assertThat(health.status()).isIn(STATUSES);
    assertThat(health.message()).as("every health has a message").isNotBlank();
    return health;
  }

  /** A JSON value as Argo CD hands it to Lua: objects and arrays as tables, numbers as numbers. */
  private static LuaValue lua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        table.set(field.getKey(), lua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }

  @Nested
  class DatabasePolicyHealth {

    private static final PodRef POD_A = new PodRef("shop", "orders-a");
    private static final PodRef POD_B = new PodRef("shop", "orders-b");

    private DatabasePolicy policy() {
      DatabasePolicy policy =
          PolicyDocuments.parse(
                  ExampleFiles.read(ExampleFiles.EXAMPLES.resolve("policies/ai-agent.yaml")))
              .policy();
      policy.getMetadata().setGeneration(1L);
      return policy;
    }

    /** The policy with the status the operator computes from these observations. */
    private DatabasePolicy observed(
        List<PolicyProblem> problems,
        List<PodRef> pods,
        Function<PodRef, Optional<SidecarReport>> reports) {
      DatabasePolicy policy = policy();
      PolicyBundle bundle =
          PolicyBundle.of(
              List.of(BundledPolicy.of(policy.getMetadata().getName(), policy.getSpec())));
      PolicyStatuses.Observed observed =
          new PolicyStatuses.Observed(
              problems,
              pods,
              pod -> Optional.of(bundle),
              pod -> List.of(),
              reports,
              AuditCounts.ZERO,
              false);
      policy.setStatus(PolicyStatuses.compute(policy, observed, NOW));
      return policy;
    }

    private Function<PodRef, Optional<SidecarReport>> acked(PodRef... pods) {
      String version =
          PolicyBundle.of(List.of(BundledPolicy.of("ai-agent", policy().getSpec()))).version();
      List<PodRef> acking = List.of(pods);
      return pod ->
          acking.contains(pod)
              ? Optional.of(new SidecarReport(pod, version, null, null, NOW))
              : Optional.empty();
    }

    private Health health(DatabasePolicy policy) {
      return run("databasepolicy.lua", policy);
    }

    @Test
    void progressingBeforeTheOperatorWroteAStatus() {
      assertThat(health(policy()))
          .isEqualTo(
              new Health(
                  "Progressing", "Waiting for the dbwarden operator to validate the policy"));
    }

    @Test
    void progressingWhileTheStatusIsOfAnEarlierGeneration() {
      DatabasePolicy policy = observed(List.of(), List.of(POD_A), acked(POD_A));
      policy.getMetadata().setGeneration(2L);

      assertThat(health(policy))
          .isEqualTo(
              new Health(
                  "Progressing", "Waiting for the dbwarden operator to validate generation 2"));
    }

    @Test
    void degradedWhenInvalidWithTheValidConditionsMessage() {
      DatabasePolicy policy =
          observed(
              List.of(new PolicyProblem("spec.rules[0].operations[0]", "unknown operation")),
              List.of(POD_A),
              acked(POD_A));

      Health health = health(policy);

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message()).contains("spec.rules[0].operations[0]");
    }

    @Test
    void progressingUntilEverySidecarEnforcesTheVersion() {
      Health health = health(observed(List.of(), List.of(POD_A, POD_B), acked(POD_A)));

      assertThat(health.status()).isEqualTo("Progressing");
      assertThat(health.message()).startsWith("1 of 2 sidecars enforce version ");
    }

    @Test
    void healthyWhenEverySidecarEnforcesIt() {
      Health health = health(observed(List.of(), List.of(POD_A, POD_B), acked(POD_A, POD_B)));

      assertThat(health.status()).isEqualTo("Healthy");
      assertThat(health.message()).startsWith("all 2 sidecars enforce version ");
    }

    @Test
    void healthyWhenItSelectsNoSidecarYet() {
      assertThat(health(observed(List.of(), List.of(), pod -> Optional.empty())))
          .isEqualTo(new Health("Healthy", "Valid; selects no pod with a dbwarden sidecar yet"));
    }

    @Test
    void degradedWhenASidecarRefusedTheBundle() {
      String version =
          PolicyBundle.of(List.of(BundledPolicy.of("ai-agent", policy().getSpec()))).version();
      DatabasePolicy policy =
          observed(
              List.of(),
              List.of(POD_A, POD_B),
              pod ->
                  Optional.of(
                      pod.equals(POD_A)
                          ? new SidecarReport(pod, version, null, null, NOW)
                          : new SidecarReport(pod, null, version, "engine mysql", NOW)));

      Health health = health(policy);

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message()).contains("orders-b: engine mysql");
    }

    @Test
    void degradedWhileAnotherInvalidPolicyHoldsItsPodsBack() {
      DatabasePolicy policy = policy();
      PolicyStatuses.Observed observed =
          new PolicyStatuses.Observed(
              List.of(),
              List.of(POD_A),
              pod -> Optional.empty(),
              pod -> List.of("broken"),
              pod -> Optional.empty(),
              AuditCounts.ZERO,
              false);
      policy.setStatus(PolicyStatuses.compute(policy, observed, NOW));

      Health health = health(policy);

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message()).contains("broken");
    }
  }

  @Nested
  class AccessGrantHealth {

    private static final Instant CREATED = NOW.minus(Duration.ofMinutes(5));

    private DatabasePolicy orders() {
      return PolicyDocuments.parse(
              ExampleFiles.read(ExampleFiles.EXAMPLES.resolve("policies/app-service-account.yaml")))
          .policy();
    }

    /** examples/grants/break-glass.yaml as the API server stores it. */
    private AccessGrant grant() {
      AccessGrant grant =
          SERIALIZATION.unmarshal(
              ExampleFiles.read(ExampleFiles.EXAMPLES.resolve("grants/break-glass.yaml")),
              AccessGrant.class);
      grant.getMetadata().setGeneration(1L);
      grant.getMetadata().setCreationTimestamp(CREATED.toString());
      return grant;
    }

    private AccessGrant decided(Decision decision, String by) {
      AccessGrant grant = grant();
      AccessGrantStatus status = new AccessGrantStatus();
      status.setDecision(decision);
      status.setDecidedBy(by);
      status.setDecidedAt(by == null ? null : CREATED.plus(Duration.ofMinutes(1)).toString());
      grant.setStatus(status);
      return grant;
    }

    /** The grant with the status the operator computes at {@code now}. */
    private Health health(AccessGrant grant, DatabasePolicy policy, Instant now) {
      grant.setStatus(GrantPhaseMachine.status(grant, policy, now));
      return run("accessgrant.lua", grant);
    }

    @Test
    void progressingBeforeTheOperatorSawIt() {
      assertThat(run("accessgrant.lua", grant()))
          .isEqualTo(
              new Health("Progressing", "Waiting for the dbwarden operator to evaluate the grant"));
    }

    @Test
    void suspendedWhilePending() {
      Health health = health(grant(), orders(), NOW);

      assertThat(health)
          .isEqualTo(
              new Health(
                  "Suspended",
                  "waiting for an approver's decision; the request expires at "
                      + CREATED.plus(Duration.ofHours(1))));
    }

    @Test
    void suspendedWithTheReasonWhenADecisionIsIgnored() {
      Health health = health(decided(Decision.APPROVED, null), orders(), NOW);

      assertThat(health.status()).isEqualTo("Suspended");
      assertThat(health.message()).contains("no decidedBy stamp");
    }

    @Test
    void degradedWhilePendingForAPolicyThatDoesNotExist() {
      Health health = health(grant(), null, NOW);

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message()).contains("DatabasePolicy shop/orders does not exist");
    }

    @Test
    void healthyOnceApproved() {
      Health health = health(decided(Decision.APPROVED, "carol@example.com"), orders(), NOW);

      assertThat(health)
          .isEqualTo(
              new Health(
                  "Healthy",
                  "Approved by carol@example.com; usable until "
                      + CREATED.plus(Duration.ofMinutes(61))));
    }

    @Test
    void healthyOnceUsedUp() {
      // A statement grant: a scope grant is never used up, only expires.
      AccessGrant grant = decided(Decision.APPROVED, "carol@example.com");
      grant.getSpec().setScope(null);
      grant.getSpec().setStatement("UPDATE api_keys SET revoked = true WHERE id = 7");
      grant.getSpec().setMaxExecutions(2);
      for (int i = 0; i < grant.getSpec().getMaxExecutions(); i++) {
        grant.getStatus().getExecutions().add(new Execution(NOW.toString(), "orders-a", 1L, null));
      }

      assertThat(health(grant, orders(), NOW))
          .isEqualTo(new Health("Healthy", "Approved by carol@example.com and used up (2 runs)"));
    }

    @Test
    void healthyWhenItExpiresAfterAnApproval() {
      Health health =
          health(
              decided(Decision.APPROVED, "carol@example.com"),
              orders(),
              NOW.plus(Duration.ofHours(2)));

      assertThat(health.status()).isEqualTo("Healthy");
      assertThat(health.message()).startsWith("Approved by carol@example.com; expired at ");
    }

    @Test
    void degradedWhenDenied() {
      Health health = health(decided(Decision.DENIED, "carol@example.com"), orders(), NOW);

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message()).startsWith("denied by carol@example.com");
    }

    @Test
    void degradedWhenNobodyDecidedInTime() {
      Health health = health(grant(), orders(), NOW.plus(Duration.ofHours(2)));

      assertThat(health)
          .isEqualTo(
              new Health(
                  "Degraded",
                  "Expired at " + CREATED.plus(Duration.ofHours(1)) + ": nobody decided in time"));
    }

    @Test
    void degradedWhenTheApprovalCameTooLate() {
      AccessGrant grant = decided(Decision.APPROVED, "carol@example.com");
      grant.getStatus().setDecidedAt(CREATED.plus(Duration.ofHours(2)).toString());

      Health health = health(grant, orders(), CREATED.plus(Duration.ofHours(3)));

      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message())
          .startsWith("Expired at " + CREATED.plus(Duration.ofHours(1)) + " without an approval: ")
          .contains("after the request expired");
    }

    @Test
    void unknownForAPhaseItDoesNotKnow() {
      ObjectNode grant = SERIALIZATION.convertValue(grant(), ObjectNode.class);
      grant.putObject("status").put("phase", "Revoked");

      assertThat(run("accessgrant.lua", grant))
          .isEqualTo(new Health("Unknown", "Unknown phase Revoked"));
    }
  }
}
