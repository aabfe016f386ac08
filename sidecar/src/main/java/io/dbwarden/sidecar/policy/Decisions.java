package io.dbwarden.sidecar.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Completed decision stages shared by every connection, so the fast path allocates nothing. */
final class Decisions {

  static final CompletionStage<Decision> ALLOWED =
      CompletableFuture.completedStage(Decision.allow());

  private Decisions() {}
}
