package io.dbwarden.sidecar.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dbwarden.api.audit.AuditEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each event as one JSON line to a stream (stdout by default) from a dedicated thread, so
 * the event loops only enqueue. The queue is bounded: memory stays flat when the stream is slow,
 * and events that do not fit are counted in {@link #dropped()}.
 *
 * <p>The thread wakes at most once per {@link #LINGER_MILLIS} under load and writes what gathered
 * with one write: waking it, and writing through an auto-flushing stream, for every statement cost
 * more than the proxy's own work on the hot path (futex and write syscalls, a context switch).
 */
public final class JsonLinesAuditSink implements AuditSink {

  private static final int QUEUE_CAPACITY = 65_536;
  private static final long LINGER_MILLIS = 1;
  private static final AuditEvent POISON =
      new AuditEvent("", "", null, null, null, null, null, null, null, null, null, null);

  private final ObjectWriter writer;
  private final OutputStream out;
  private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  public JsonLinesAuditSink(OutputStream out) {
    // System.out flushes on every write and newline; buffer so that a batch is one write.
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.writer =
        new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .writerFor(AuditEvent.class);
    this.thread = new Thread(this::drain, "dbwarden-audit");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void record(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /** Events that could not be queued. */
  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>();
    try {
      while (true) {
        AuditEvent first = queue.take();
        batch.add(first);
        // Let more events gather: producers find no waiting thread to wake meanwhile.
        Thread.sleep(LINGER_MILLIS);
        queue.drainTo(batch, 4096);
        boolean stop = false;
        for (AuditEvent event : batch) {
          if (event == POISON) {
            stop = true;
            break;
          }
          writer.writeValue(out, event);
          out.write('\n');
        }
        out.flush();
        batch.clear();
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException("audit stream failed", e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(POISON);
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
