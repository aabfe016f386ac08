package io.dbwarden.sidecar.testing;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps audit events in memory so tests can assert on them. */
public final class RecordingAuditSink implements AuditSink {

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public boolean record(AuditEvent event) {
    events.add(event);
    return true;
  }

  public List<AuditEvent> events() {
    return List.copyOf(events);
  }

  public List<AuditEvent> matching(Predicate<AuditEvent> filter) {
    return events.stream().filter(filter).toList();
  }

  public void clear() {
    events.clear();
  }

  @Override
  public void close() {}
}
