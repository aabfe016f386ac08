package io.dbwarden.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way status reaches the API server: the status subresource is <em>replaced</em> (a PUT of
 * {@code /status}) carrying the {@code resourceVersion} the status was computed from, and the
 * result is put in JOSDK's cache so the next reconciliation starts from it.
 *
 * <p>Why not the alternatives:
 *
 * <ul>
 *   <li>Server-side apply would express field ownership best, but the Fabric8 mock server's CRUD
 *       mode, where the tests run the operator, does not implement it. Tests and clusters must take
 *       the same path.
 *   <li>A JSON merge patch needs no {@code resourceVersion}, so it cannot notice that someone else
 *       wrote the status in between; and the mock server merges with Jackson, which keeps explicit
 *       nulls and appends to lists where RFC 7386 removes and replaces, so a patch would mean one
 *       thing in tests and another in a cluster.
 *   <li>JOSDK's {@code UpdateControl.patchStatus} without SSA sends a JSON Patch computed against
 *       the cached object, without a precondition either.
 * </ul>
 *
 * <p>An {@code AccessGrant}'s status has several writers: a person writes {@code decision}, the
 * admission webhook stamps {@code decidedBy}/{@code decidedAt}, sidecars append {@code executions}
 * and the operator writes the rest. With a replace under optimistic locking, a write that raced
 * another gets 409 Conflict from a real API server; the status is then computed again from the
 * fresh object and written again (JOSDK's {@link PrimaryUpdateAndCacheUtils} does the retry), so
 * nobody's field is lost. (The mock server ignores the {@code resourceVersion} on status writes;
 * tests therefore do not depend on conflicts.) Spec and metadata are never written.
 */
public final class StatusWriter {

  private StatusWriter() {}

  /**
   * Replaces the status of {@code primary} with {@code compute} applied to it, and again to the
   * fresh object after a conflict.
   *
   * @param compute makes the new status from a resource; it must not change the resource
   * @return the resource as the API server stored it
   */
  public static <S, R extends CustomResource<?, S>> R replaceStatus(
      R primary, Context<R> context, Function<R, S> compute) {
    Objects.requireNonNull(compute, "compute must not be null");
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        primary,
        context,
        current -> {
          R copy =
              context
                  .getControllerConfiguration()
                  .getConfigurationService()
                  .getResourceCloner()
                  .clone(current);
          copy.setStatus(compute.apply(current));
          return copy;
        });
  }
}
