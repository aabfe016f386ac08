package io.dbwarden.operator.push;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar's stream, on the operator, for an authenticated pod. After the sidecar's hello it
 * sends the pod's bundle unless the sidecar enforces it already, and again whenever the bundle
 * changes; it feeds hellos, ACKs, NACKs and audit summaries into the {@link SidecarRegistry}, and
 * through the {@link ReportRelay} to the leader when this replica is not it. State is confined to
 * the channel's event loop; bundle changes arrive from other threads and are handed to it.
 */
final class SidecarSession extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarSession.class);

  private final PodRef pod;
  private final BundleRegistry bundles;
  private final SidecarRegistry sidecars;
  private final SidecarSessions sessions;
  private final ReportRelay relay;
  private final GrantDesk grants;
  private ChannelHandlerContext ctx;
  private boolean greeted;
  private String sent;

  /**
   * @param relay passes the sidecar's reports on to the leader when this replica is not it
   */
  SidecarSession(
      PodRef pod,
      BundleRegistry bundles,
      SidecarRegistry sidecars,
      SidecarSessions sessions,
      ReportRelay relay,
      GrantDesk grants) {
    this.pod = pod;
    this.grants = grants;
    this.bundles = bundles;
    this.sidecars = sidecars;
    this.sessions = sessions;
    this.relay = relay;
  }

  PodRef pod() {
    return pod;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      ctx = context;
      sessions.opened(this);
      LOG.info("stream of pod {} open", pod);
    } else if (event instanceof IdleStateEvent) {
      // Sidecars ping every 20 seconds; a silent one is gone.
      close(context, WebSocketCloseStatus.NORMAL_CLOSURE, "no word from the sidecar");
    } else {
      context.fireUserEventTriggered(event);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame text)) {
      return; // pings are answered by the protocol handler
    }
    StreamMessage message;
    try {
      message = StreamMessages.read(text.text());
    } catch (IllegalArgumentException e) {
      close(context, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "unreadable message");
      return;
    }
    if (GrantDesk.handles(message)) {
      if (!greeted) {
        close(context, WebSocketCloseStatus.POLICY_VIOLATION, "hello first");
        return;
      }
      // Answered by this replica, from the API server: grants are not the leader's alone.
      grants.handle(pod, message, this::send);
      return;
    }
    if (message instanceof StreamMessage.Hello && greeted) {
      close(context, WebSocketCloseStatus.POLICY_VIOLATION, "hello twice");
      return;
    }
    if (message instanceof StreamMessage.Nack nack) {
      LOG.warn("pod {} refused bundle {}: {}", pod, nack.version(), nack.error());
    }
    try {
      SidecarReports.apply(sidecars, pod, message);
    } catch (IllegalArgumentException e) {
      close(context, WebSocketCloseStatus.POLICY_VIOLATION, e.getMessage());
      return;
    }
    relay.report(pod, message);
    if (message instanceof StreamMessage.Hello hello) {
      greeted = true;
      sent = hello.version();
      if (!sendCurrent()) {
        sendGrants();
      }
    }
  }

  /** The pod's bundle changed; called from any thread. */
  void bundleChanged() {
    ChannelHandlerContext context = ctx;
    if (context != null) {
      context.executor().execute(this::sendCurrent);
    }
  }

  /** A grant in the pod's namespace changed; called from any thread. */
  void grantChanged(GrantDesk.GrantEvent event) {
    ChannelHandlerContext context = ctx;
    if (context != null) {
      context
          .executor()
          .execute(
              () -> {
                if (greeted && grants.concerns(pod, event.policy())) {
                  send(event.message());
                }
              });
    }
  }

  /** Sends {@code message}; called from any thread. */
  private void send(StreamMessage message) {
    ChannelHandlerContext context = ctx;
    if (context != null && context.channel().isActive()) {
      context.writeAndFlush(new TextWebSocketFrame(StreamMessages.write(message)));
    }
  }

  /**
   * Every grant of the pod's policies: after hello, and after each bundle, which may change them.
   */
  private void sendGrants() {
    send(new StreamMessage.Grants(grants.grantsFor(pod)));
  }

  /** A newer stream of the same pod took over; called from any thread. */
  void replaced() {
    close("replaced by a newer stream of the same pod");
  }

  /**
   * Closes the stream with a close frame saying {@code why}; called from any thread.
   *
   * @return completes when the connection is closed
   */
  Future<?> close(String why) {
    ChannelHandlerContext context = ctx;
    if (context == null) {
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }
    context
        .executor()
        .execute(() -> close(context, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, why));
    return context.channel().closeFuture();
  }

  /**
   * Sends the pod's bundle if the sidecar does not have it, then the grants of its policies; true
   * when it did. With no bundle and no invalid policy holding the pod, no policy selects it: the
   * empty bundle says so. (Before the reconciler first compiled the namespace nothing is known, and
   * nothing is sent: the sidecar keeps what it has.)
   */
  private boolean sendCurrent() {
    if (!greeted || !ctx.channel().isActive()) {
      return false;
    }
    Optional<PolicyBundle> bundle = bundles.bundle(pod);
    PolicyBundle next;
    if (bundle.isPresent()) {
      next = bundle.get();
    } else if (bundles.heldBy(pod).isEmpty() && bundles.compiled(pod.namespace())) {
      next = PolicyBundle.of(List.of());
    } else {
      return false;
    }
    if (next.version().equals(sent)) {
      return false;
    }
    sent = next.version();
    LOG.info("sending bundle {} to pod {}", next.version(), pod);
    send(new StreamMessage.Bundle(next));
    sendGrants();
    return true;
  }

  private static void close(
      ChannelHandlerContext context, WebSocketCloseStatus status, String why) {
    context
        .writeAndFlush(new CloseWebSocketFrame(status, why))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (ctx != null && sessions.closed(this)) {
      sidecars.disconnected(pod);
      relay.gone(pod);
      LOG.info("stream of pod {} closed", pod);
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    LOG.debug("stream of pod {} failed", pod, cause);
    context.close();
  }
}
