package io.dbwarden.sidecar.sql.analysis;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Analyses by statement shape. A hit costs a hash lookup on the caller's thread; a miss parses on a
 * small pool of parser threads, never on the event loop, and gives up after a deadline. Concurrent
 * misses for the same shape share one parse. Parse errors are remembered like results (the same
 * shape fails the same way); timeouts are not, since the next try may be luckier.
 *
 * <p>The key is the normalized text (literals replaced by placeholders) and the scope, whose
 * catalog snapshot changes after DDL, so a cached analysis never outlives the names it resolved.
 */
public final class AnalysisCache implements AutoCloseable {

  /** What the cache runs on a miss: {@link StatementAnalyzer#analyze} in production. */
  @FunctionalInterface
  public interface Analyzer {
    StatementAnalysis analyze(String statement, AnalysisScope scope, ParseCancellation cancel)
        throws AnalysisException;
  }

  private final Analyzer analyzer;
  private final Duration deadline;
  private final int maxEntries;
  private final ExecutorService parsers;
  private final ConcurrentHashMap<Key, CompletableFuture<StatementAnalysis>> entries =
      new ConcurrentHashMap<>();

  /**
   * @param threads parser threads
   * @param deadline how long one parse may take before the statement is refused
   * @param maxEntries shapes kept; beyond it, old entries are dropped
   */
  public AnalysisCache(Analyzer analyzer, int threads, Duration deadline, int maxEntries) {
    this.analyzer = analyzer;
    this.deadline = deadline;
    this.maxEntries = maxEntries;
    this.parsers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dbwarden-parser");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The analysis of one statement.
   *
   * @param normalized the statement with literals replaced by placeholders: the cache key
   * @param text the statement as sent, parsed on a miss
   */
  public CompletableFuture<StatementAnalysis> analysis(
      String normalized, String text, AnalysisScope scope) {
    Key key =
        new Key(normalized, scope.searchPath(), scope.temporaryTables(), scope.catalog().version());
    CompletableFuture<StatementAnalysis> cached = entries.get(key);
    if (cached != null) {
      return cached;
    }
    if (entries.size() >= maxEntries) {
      evictSome();
    }
    CompletableFuture<StatementAnalysis> created = new CompletableFuture<>();
    CompletableFuture<StatementAnalysis> raced = entries.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    ParseCancellation cancellation = new ParseCancellation();
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return analyzer.analyze(text, scope, cancellation);
              } catch (AnalysisException e) {
                throw new CompletionException(e);
              }
            },
            parsers)
        .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (analysis, failure) -> {
              if (failure == null) {
                created.complete(analysis);
                return;
              }
              Throwable cause = unwrap(failure);
              if (cause instanceof TimeoutException) {
                cancellation.cancel();
                entries.remove(key, created);
                created.completeExceptionally(
                    new AnalysisException(
                        "analysis took longer than " + deadline.toMillis() + " ms"));
              } else {
                created.completeExceptionally(cause);
              }
            });
    return created;
  }

  /** Entries kept now. */
  public int size() {
    return entries.size();
  }

  private void evictSome() {
    int drop = Math.max(1, maxEntries / 8);
    Iterator<Key> keys = entries.keySet().iterator();
    while (drop-- > 0 && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    parsers.shutdownNow();
  }

  /** By catalog version, not catalog: hashing a whole catalog on every lookup would cost. */
  private record Key(
      String normalized, List<String> searchPath, Set<String> temporaryTables, long catalog) {}
}
