package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.proxy.SessionInfo;
import io.dbwarden.sidecar.sql.analysis.AnalysisCache;
import io.dbwarden.sidecar.sql.analysis.StatementAnalyzer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The decision step with everything it runs on: the analysis cache and its parser threads, and the
 * catalogs. One per proxy; closing it stops its threads.
 */
public final class PolicyEngine implements AutoCloseable {

  /** Statement shapes kept analysed. */
  private static final int CACHED_SHAPES = 20_000;

  private final AnalysisCache analyses;
  private final CatalogService catalogs;
  private final PolicyDecider decider;

  /**
   * @param analysisTimeout how long parsing one statement may take before it is refused
   */
  public PolicyEngine(PolicySet policies, CatalogService catalogs, Duration analysisTimeout) {
    this(policies, catalogs, analysisTimeout, ApprovalGate.UNAVAILABLE);
  }

  /**
   * @param analysisTimeout how long parsing one statement may take before it is refused
   * @param approvals where statements held for approval go
   */
  public PolicyEngine(
      PolicySet policies,
      CatalogService catalogs,
      Duration analysisTimeout,
      ApprovalGate approvals) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.analyses =
        new AnalysisCache(
            new StatementAnalyzer()::analyze, threads, analysisTimeout, CACHED_SHAPES);
    this.catalogs = catalogs;
    this.decider = new PolicyDecider(policies, analyses, catalogs, approvals);
  }

  public PolicyDecider decider() {
    return decider;
  }

  /**
   * Why {@code sql} is decided as it is for {@code session}, which must be a fresh one (a {@link
   * CheckSession}): deciding changes a session's state.
   */
  public CompletableFuture<Explanation> explain(SessionInfo session, String sql) {
    return Explanation.of(decider, analyses, catalogs, session, sql);
  }

  public CatalogService catalogs() {
    return catalogs;
  }

  @Override
  public void close() {
    analyses.close();
    catalogs.close();
  }
}
