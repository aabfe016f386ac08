package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each event as one hash-chained JSON line to an {@link AuditOutput} from a dedicated
 * thread, so the event loops only enqueue. Accepting an event into the queue is the point at which
 * it is recorded in memory; the order of the queue is the order of the output.
 *
 * <p>The queue is bounded, so memory stays flat whatever happens to the output: events that do not
 * fit are refused ({@link #record} returns false) and counted in {@link #dropped()}, and the next
 * line written says how many were lost ({@code "type":"audit","event":"dropped"}). When a write
 * fails, {@link #failure()} says why until a retry succeeds; the batch that failed is kept and
 * written again, whole, every {@code retryInterval}, so nothing accepted is lost to a transient
 * failure and the chain stays unbroken.
 *
 * <p>The thread wakes at most once per {@link #LINGER_MILLIS} under load and writes what gathered
 * with one write: waking it, and writing, for every statement cost more than the proxy's own work
 * on the hot path (futex and write syscalls, a context switch). While events keep coming it wakes
 * on its own clock, so an event loop handing over an event only takes the queue's lock and never
 * has to wake it (a futex call, and on a virtual machine an interrupt to another CPU); only the
 * first event after a quiet spell does.
 */
public final class JsonLinesAuditSink implements AuditSink {

  private static final System.Logger LOG = System.getLogger(JsonLinesAuditSink.class.getName());

  /** Events the queue holds by default. */
  public static final int DEFAULT_CAPACITY = 65_536;

  /** How often a failed write is tried again by default. */
  public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

  private static final long LINGER_MILLIS = 1;
  private static final int MAX_BATCH = 4096;
  private static final AuditEvent POISON =
      new AuditEvent(
          "", "", null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null);

  private final AuditOutput output;
  private final long retryMillis;
  private final BlockingQueue<AuditEvent> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private final HashChain chain;
  private final StatementRedaction redaction = new StatementRedaction();
  private final Thread thread;
  private volatile String failure;
  private volatile boolean closed;
  private long droppedReported;

  /** A sink with the default queue capacity and retry interval. */
  public JsonLinesAuditSink(AuditOutput output) {
    this(output, DEFAULT_CAPACITY, DEFAULT_RETRY);
  }

  /**
   * @param capacity the most events held in memory before new ones are refused
   * @param retryInterval how long after a failed write it is tried again
   * @throws UncheckedIOException when the output's existing records cannot be read to continue
   *     their chain
   */
  public JsonLinesAuditSink(AuditOutput output, int capacity, Duration retryInterval) {
    this.output = Objects.requireNonNull(output, "output must not be null");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.retryMillis = Math.max(1, retryInterval.toMillis());
    String head;
    try {
      head = output.chainHead();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot continue the audit chain of " + output.describe() + ": " + e.getMessage(), e);
    }
    this.chain = new HashChain(head == null ? AuditEvent.GENESIS_HASH : head);
    this.thread = new Thread(this::drain, "dbwarden-audit");
    thread.setDaemon(true);
    thread.start();
  }

  /** A sink writing to stdout. */
  public static JsonLinesAuditSink stdout() {
    return new JsonLinesAuditSink(StreamAuditOutput.stdout());
  }

  @Override
  public boolean record(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public int queued() {
    return queue.size();
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  @Override
  public long written() {
    return written.get();
  }

  @Override
  public long failedWrites() {
    return failedWrites.get();
  }

  /** What the sink writes to. */
  public AuditOutput output() {
    return output;
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>();
    LineBuffer lines = new LineBuffer();
    try {
      while (true) {
        // Quiet: wait for the next event; handing it over wakes this thread.
        batch.add(queue.take());
        // Busy: let events gather and write them, until a whole linger brings none.
        while (true) {
          Thread.sleep(LINGER_MILLIS);
          queue.drainTo(batch, MAX_BATCH);
          if (batch.isEmpty()) {
            break;
          }
          if (writeBatch(batch, lines)) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes a batch and empties it. Returns true when the sink is closing. */
  private boolean writeBatch(List<AuditEvent> batch, LineBuffer lines) throws InterruptedException {
    lines.reset();
    int count = reportDrops(lines);
    boolean stop = false;
    for (AuditEvent event : batch) {
      if (event == POISON) {
        stop = true;
        break;
      }
      count += line(event, lines);
    }
    batch.clear();
    if (count > 0) {
      write(lines, count);
    }
    return stop;
  }

  /** Adds a line saying how many events were lost since the last such line. */
  private int reportDrops(LineBuffer lines) {
    long now = dropped.get();
    if (now == droppedReported) {
      return 0;
    }
    long lost = now - droppedReported;
    droppedReported = now;
    return line(AuditEvents.dropped(lost, now), lines);
  }

  private int line(AuditEvent event, LineBuffer lines) {
    try {
      chain.append(redaction.apply(event), lines);
      return 1;
    } catch (RuntimeException e) {
      // One event that cannot be written must not stop the ones after it.
      LOG.log(System.Logger.Level.ERROR, "audit event cannot be written, dropped", e);
      dropped.incrementAndGet();
      return 0;
    }
  }

  /** Writes a batch, and keeps trying while the output fails, until it succeeds or closes. */
  private void write(LineBuffer lines, int count) throws InterruptedException {
    int offset = 0;
    while (true) {
      try {
        output.append(lines.array(), offset, lines.size() - offset);
        written.addAndGet(count);
        if (failure != null) {
          LOG.log(System.Logger.Level.WARNING, "audit output {0} writes again", output.describe());
          failure = null;
        }
        return;
      } catch (IOException | RuntimeException e) {
        if (e instanceof AuditOutput.PartialWriteException partial) {
          int committed = partial.committed();
          int lineCount = lines.lines(offset, committed);
          written.addAndGet(lineCount);
          count -= lineCount;
          offset += committed;
        }
        failedWrites.incrementAndGet();
        String why = output.describe() + ": " + e.getMessage();
        if (failure == null) {
          LOG.log(System.Logger.Level.ERROR, "audit output cannot be written: {0}", why);
        }
        failure = why;
        if (closed) {
          LOG.log(
              System.Logger.Level.ERROR,
              "closing with the audit output failing: {0} events not written",
              count);
          dropped.addAndGet(count);
          return;
        }
      }
      Thread.sleep(retryMillis);
      try {
        output.recover();
      } catch (IOException | RuntimeException e) {
        failure = output.describe() + ": " + e.getMessage();
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (queue.offer(POISON, 1, TimeUnit.SECONDS)) {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } else {
        thread.interrupt();
      }
      output.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the audit output: {0}", e.getMessage());
    }
  }
}
