package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.dbwarden.operator.sidecars.SidecarReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a replica that is not the leader, passes what its sidecars say on to the leader, which alone
 * writes status. Replicas find the leader by its Lease identity, which is the address of its stream
 * port ({@code host:port}); the relay is a WebSocket to {@value PushProtocol#REPLICAS_PATH} there,
 * authenticated with this replica's own projected token. On every (re)connection the latest ACK or
 * NACK of each sidecar is sent again; audit counts that arrive while the leader is unreachable are
 * not kept. Uses the JDK's WebSocket client: it is off the event loops and needs no pipeline.
 */
public final class LeaderRelay implements ReportRelay, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderRelay.class);

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final String scheme;
  private final Path tokenFile;
  private final SidecarRegistry local;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "dbwarden-leader-relay");
            thread.setDaemon(true);
            return thread;
          });
  private volatile String self;
  private volatile String leader;
  private volatile boolean closed;
  private WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  /**
   * @param tls whether the stream ports serve TLS
   * @param tokenFile this replica's projected token, audience {@value PushProtocol#AUDIENCE}
   * @param local this replica's registry, whose reports are sent again after a reconnection
   */
  public LeaderRelay(boolean tls, Path tokenFile, SidecarRegistry local) {
    this.scheme = tls ? "wss" : "ws";
    this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile must not be null");
    this.local = Objects.requireNonNull(local, "local must not be null");
  }

  /** This replica's identity, the address of its stream port, once it is bound. */
  public void identify(String identity) {
    self = Objects.requireNonNull(identity, "identity must not be null");
  }

  /** The Lease names {@code identity} as the leader; called by leader election. */
  public void leaderIs(String identity) {
    leader = identity;
    retries.execute(this::reconnect);
  }

  @Override
  public void report(PodRef pod, StreamMessage message) {
    send(new StreamMessage.Relayed(pod.toString(), message));
  }

  @Override
  public void gone(PodRef pod) {
    send(new StreamMessage.Gone(pod.toString()));
  }

  private synchronized void send(StreamMessage message) {
    WebSocket open = socket;
    if (open == null) {
      return;
    }
    String text = StreamMessages.write(message);
    // The JDK's WebSocket takes one message at a time.
    sending = sending.handle((done, failed) -> null).thenCompose(x -> open.sendText(text, true));
  }

  private synchronized void reconnect() {
    if (socket != null) {
      socket.abort();
      socket = null;
    }
    String target = leader;
    if (closed || target == null || target.equals(self)) {
      return;
    }
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      retry("cannot read the token file " + tokenFile + ": " + e.getMessage(), target);
      return;
    }
    http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(scheme + "://" + target + PushProtocol.REPLICAS_PATH), new Closing())
        .whenComplete(
            (open, failed) -> {
              if (failed != null) {
                retry("cannot reach the leader at " + target + ": " + failed.getMessage(), target);
              } else {
                opened(open, target);
              }
            });
  }

  private synchronized void opened(WebSocket open, String target) {
    if (!target.equals(leader) || closed) {
      open.abort();
      return;
    }
    socket = open;
    LOG.info("relaying sidecar reports to the leader at {}", target);
    for (SidecarReport report : local.reports()) {
      if (report.acknowledged() != null) {
        report(report.pod(), new StreamMessage.Ack(report.acknowledged()));
      }
      if (report.refused() != null) {
        report(report.pod(), new StreamMessage.Nack(report.refused(), report.refusal()));
      }
    }
  }

  private void retry(String why, String target) {
    if (closed || !target.equals(leader)) {
      return;
    }
    LOG.warn("{}; trying again in {}s", why, RETRY.toSeconds());
    retries.schedule(
        () -> {
          if (target.equals(leader)) {
            reconnect();
          }
        },
        RETRY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A relay the leader closed or lost is opened again. */
  private final class Closing implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      lost(webSocket, "the leader closed the relay: " + statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      lost(webSocket, "the relay to the leader failed: " + error);
    }

    private void lost(WebSocket webSocket, String why) {
      String target = leader;
      synchronized (LeaderRelay.this) {
        if (socket != webSocket) {
          return;
        }
        socket = null;
      }
      if (target != null) {
        retry(why, target);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (socket != null) {
      socket.abort();
      socket = null;
    }
    retries.shutdownNow();
  }
}
