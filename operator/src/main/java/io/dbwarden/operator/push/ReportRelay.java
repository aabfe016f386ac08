package io.dbwarden.operator.push;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.sidecars.PodRef;

/**
 * Where a sidecar's reports go besides this replica's registry: to the leader, if that is another.
 */
public interface ReportRelay {

  /** A replica that relays nothing: the only one, or the leader. */
  ReportRelay NONE =
      new ReportRelay() {
        @Override
        public void report(PodRef pod, StreamMessage message) {}

        @Override
        public void gone(PodRef pod) {}
      };

  /** Passes on what the sidecar of {@code pod} said. */
  void report(PodRef pod, StreamMessage message);

  /** Passes on that the stream of the sidecar of {@code pod} closed. */
  void gone(PodRef pod);
}
