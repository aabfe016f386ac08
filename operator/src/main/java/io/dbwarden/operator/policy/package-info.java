/**
 * The {@code DatabasePolicy} controller: validation into the {@code Valid} condition, compilation
 * of the policies selecting each workload into a {@link io.dbwarden.api.bundle.PolicyBundle}, and
 * the sidecars' progress into {@code status.sidecars}, {@code status.audit} and {@code Ready}.
 */
package io.dbwarden.operator.policy;
