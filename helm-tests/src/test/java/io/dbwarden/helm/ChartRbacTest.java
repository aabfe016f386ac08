package io.dbwarden.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator's RBAC is exactly what its code calls (see the comments in the chart's RBAC
 * templates): adding a permission means changing the expected sets here too.
 */
class ChartRbacTest {

  /** The informers, status writes and grant reads on the watched namespaces. */
  private static final Set<String> WATCH =
      Set.of(
          "get dbwarden.io/databasepolicies",
          "list dbwarden.io/databasepolicies",
          "watch dbwarden.io/databasepolicies",
          "get dbwarden.io/accessgrants",
          "list dbwarden.io/accessgrants",
          "watch dbwarden.io/accessgrants",
          "create dbwarden.io/accessgrants",
          "update dbwarden.io/databasepolicies/status",
          "update dbwarden.io/accessgrants/status",
          "list core/pods",
          "watch core/pods");

  private static final Set<String> TOKEN_REVIEWS =
      Set.of(
          "create authentication.k8s.io/tokenreviews",
          "create authentication.k8s.io/selfsubjectreviews");

  private static final Set<String> CA_BUNDLE =
      Set.of(
          "get admissionregistration.k8s.io/mutatingwebhookconfigurations[dbwarden]",
          "patch admissionregistration.k8s.io/mutatingwebhookconfigurations[dbwarden]",
          "get admissionregistration.k8s.io/validatingwebhookconfigurations[dbwarden]",
          "patch admissionregistration.k8s.io/validatingwebhookconfigurations[dbwarden]");

  private static final Set<String> LEASE =
      Set.of(
          "create coordination.k8s.io/leases",
          "get coordination.k8s.io/leases[dbwarden-operator]",
          "update coordination.k8s.io/leases[dbwarden-operator]",
          "patch coordination.k8s.io/leases[dbwarden-operator]");

  private static final Subject OPERATOR =
      new Subject(null, "ServiceAccount", "dbwarden-operator", Chart.NAMESPACE);

  @Test
  void operatorClusterRoleHoldsExactlyWhatTheOperatorCalls() {
    Chart.Rendered rendered = Chart.render(null);

    ClusterRole role = rendered.get(ClusterRole.class, "dbwarden-operator");

    assertThat(Rules.permissions(role.getRules()))
        .isEqualTo(union(WATCH, TOKEN_REVIEWS, CA_BUNDLE));
    ClusterRoleBinding binding = rendered.only(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo("dbwarden-operator");
    assertThat(binding.getSubjects()).containsExactly(OPERATOR);
  }

  @Test
  void operatorRoleHoldsItsLeaseAndItsWebhookSecretByName() {
    Chart.Rendered rendered = Chart.render(null);

    Role role = rendered.only(Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(Rules.permissions(role.getRules()))
        .isEqualTo(
            union(
                LEASE,
                Set.of(
                    "create core/secrets",
                    "get core/secrets[dbwarden-webhook-tls]",
                    "list core/secrets[dbwarden-webhook-tls]",
                    "watch core/secrets[dbwarden-webhook-tls]",
                    "update core/secrets[dbwarden-webhook-tls]")));
    RoleBinding binding = rendered.only(RoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).containsExactly(OPERATOR);
  }

  @Test
  void withCertManagerTheOperatorOnlyReadsItsSecretAndLeavesCaBundleAlone() {
    Chart.Rendered rendered = Chart.render("certManager: {enabled: true}\n");

    assertThat(Rules.permissions(rendered.get(ClusterRole.class, "dbwarden-operator").getRules()))
        .isEqualTo(union(WATCH, TOKEN_REVIEWS));
    assertThat(Rules.permissions(rendered.only(Role.class).getRules()))
        .isEqualTo(
            union(
                LEASE,
                Set.of(
                    "get core/secrets[dbwarden-webhook-tls]",
                    "list core/secrets[dbwarden-webhook-tls]",
                    "watch core/secrets[dbwarden-webhook-tls]")));
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseRule() {
    Chart.Rendered rendered =
        Chart.render("operator: {replicas: 1, leaderElection: {enabled: false}}\n");

    assertThat(Rules.permissions(rendered.only(Role.class).getRules()))
        .noneMatch(p -> p.contains("leases"));
  }

  @Test
  void watchedNamespacesGetRolesAndTheClusterRoleLosesTheWatchRules() {
    Chart.Rendered rendered = Chart.render("operator: {watchNamespaces: [shop, billing]}\n");

    assertThat(Rules.permissions(rendered.get(ClusterRole.class, "dbwarden-operator").getRules()))
        .isEqualTo(union(TOKEN_REVIEWS, CA_BUNDLE));
    List<Role> watch =
        rendered.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("dbwarden-operator-watch"))
            .toList();
    assertThat(watch)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "billing");
    assertThat(watch).allSatisfy(r -> assertThat(Rules.permissions(r.getRules())).isEqualTo(WATCH));
    assertThat(rendered.all(RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getName().equals("dbwarden-operator-watch"))
        .hasSize(2)
        .allSatisfy(b -> assertThat(b.getSubjects()).containsExactly(OPERATOR));
  }

  @Test
  void approverClusterRoleLetsAPersonSeeGrantsAndDecideThem() {
    Chart.Rendered rendered = Chart.render(null);

    ClusterRole approver = rendered.get(ClusterRole.class, "dbwarden-approver");

    assertThat(Rules.permissions(approver.getRules()))
        .containsExactlyInAnyOrder(
            "get dbwarden.io/accessgrants",
            "list dbwarden.io/accessgrants",
            "watch dbwarden.io/accessgrants",
            "update dbwarden.io/accessgrants/status",
            "patch dbwarden.io/accessgrants/status");
    // Not aggregated into admin/edit: deciding grants is given on purpose.
    assertThat(approver.getAggregationRule()).isNull();
    assertThat(approver.getMetadata().getLabels())
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-admin",
            "rbac.authorization.k8s.io/aggregate-to-edit");
  }

  @Test
  void approverClusterRoleCanBeLeftOut() {
    assertThat(Chart.render("rbac: {approverClusterRole: false}\n").all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("dbwarden-operator");
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new java.util.TreeSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return all;
  }
}
