package io.dbwarden.operator.push;

import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.sidecars.PodRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open streams, one per pod, and the way bundle changes reach them. A pod that opens a second
 * stream (it reconnected before the first one was seen to close) keeps only the newer.
 */
final class SidecarSessions {

  private final Map<PodRef, SidecarSession> open = new ConcurrentHashMap<>();

  SidecarSessions(BundleRegistry bundles, GrantDesk grants) {
    bundles.addListener(this::bundleChanged);
    grants.addListener(this::grantChanged);
  }

  /** {@code session} is the stream of its pod from now on. */
  void opened(SidecarSession session) {
    SidecarSession previous = open.put(session.pod(), session);
    if (previous != null && previous != session) {
      previous.replaced();
    }
  }

  /** Forgets {@code session}; false when a newer stream of its pod replaced it already. */
  boolean closed(SidecarSession session) {
    return open.remove(session.pod(), session);
  }

  /** Closes every stream, saying why, and waits up to {@code timeout} for them to close. */
  void closeAll(String why, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SidecarSession session : List.copyOf(open.values())) {
      session
          .close(why)
          .awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** How many streams are open. */
  int size() {
    return open.size();
  }

  private void grantChanged(GrantDesk.GrantEvent event) {
    for (SidecarSession session : open.values()) {
      if (session.pod().namespace().equals(event.namespace())) {
        session.grantChanged(event);
      }
    }
  }

  private void bundleChanged(PodRef pod) {
    SidecarSession session = open.get(pod);
    if (session != null) {
      session.bundleChanged();
    }
  }
}
