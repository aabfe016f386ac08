package io.dbwarden.sidecar.push;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.sidecar.approval.OperatorGrantStore;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the push stream, on the sidecar: says hello with the version in force, answers
 * every bundle with ACK or NACK, hands what the operator says of grants to the grant store and lets
 * the store ask through it, sends audit summaries, pings a silent operator and gives up on one that
 * stays silent. Remembers why the connection ended, for the log line that schedules the next.
 */
final class StreamHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final System.Logger LOG = System.getLogger(StreamHandler.class.getName());

  /** How much of a refused upgrade's body goes into the log. */
  private static final int REFUSAL_CHARS = 300;

  private final PushedPolicy policy;
  private final OperatorGrantStore grants;
  private final AuditReporter audit;
  private final Executor bundles;
  private final Duration auditInterval;
  private volatile boolean open;
  private volatile String why = "the connection ended without a reason";
  private ScheduledFuture<?> summaries;

  StreamHandler(
      PushedPolicy policy,
      OperatorGrantStore grants,
      AuditReporter audit,
      Executor bundles,
      Duration interval) {
    this.policy = policy;
    this.grants = grants;
    this.audit = audit;
    this.bundles = bundles;
    this.auditInterval = interval;
  }

  /** Whether the handshake completed. */
  boolean opened() {
    return open;
  }

  /** Why the connection ended. */
  String why() {
    return why;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      open = true;
      LOG.log(Level.INFO, "stream to the operator open");
      send(ctx, new StreamMessage.Hello(policy.version().orElse(null)));
      grants.connected(
          message -> {
            if (!ctx.channel().isActive()) {
              return false;
            }
            send(ctx, message);
            return true;
          });
      long every = auditInterval.toMillis();
      summaries =
          ctx.executor()
              .scheduleAtFixedRate(() -> sendAudit(ctx), every, every, TimeUnit.MILLISECONDS);
    } else if (event
        == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      why = "the operator did not answer the upgrade";
    } else if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.WRITER_IDLE && open) {
        ctx.writeAndFlush(new PingWebSocketFrame());
      } else if (idle.state() == IdleState.READER_IDLE) {
        why = "no word from the operator for " + 3 * OperatorClient.PING_INTERVAL.toSeconds() + "s";
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame close) {
      why = "the operator closed it: " + close.statusCode() + " " + close.reasonText();
      ctx.close();
      return;
    }
    if (!(frame instanceof TextWebSocketFrame text)) {
      return; // pongs
    }
    StreamMessage message;
    try {
      message = StreamMessages.read(text.text());
    } catch (IllegalArgumentException e) {
      Optional<String> version = StreamMessages.bundleVersion(text.text());
      if (version.isEmpty()) {
        protocolError(ctx, "an unreadable message: " + e.getMessage());
        return;
      }
      LOG.log(Level.WARNING, "bundle {0} cannot be read: {1}", version.get(), e.getMessage());
      send(
          ctx,
          new StreamMessage.Nack(
              version.get(),
              "this sidecar cannot read the bundle (is it older than the operator?): "
                  + e.getMessage()));
      return;
    }
    if (OperatorGrantStore.handles(message)) {
      grants.received(message);
      return;
    }
    if (!(message instanceof StreamMessage.Bundle bundle)) {
      protocolError(ctx, "a message only sidecars send: " + message);
      return;
    }
    try {
      bundles.execute(() -> send(ctx, policy.apply(bundle.bundle())));
    } catch (RejectedExecutionException e) {
      ctx.close(); // shutting down
    }
  }

  private void protocolError(ChannelHandlerContext ctx, String what) {
    why = "the operator sent " + what;
    ctx.close();
  }

  private void sendAudit(ChannelHandlerContext ctx) {
    audit
        .next(policy.policyNames())
        .ifPresent(
            pending -> {
              if (pending.summaries().isEmpty()) {
                audit.sent(pending); // refused for want of a policy: nobody's to count
                return;
              }
              ChannelFuture last = null;
              for (StreamMessage.AuditSummary summary : pending.summaries()) {
                last = ctx.write(new TextWebSocketFrame(StreamMessages.write(summary)));
              }
              ctx.flush();
              // Frames are written in order, so once the last is out all of them are.
              last.addListener(
                  written -> {
                    if (written.isSuccess()) {
                      audit.sent(pending);
                    }
                  });
            });
  }

  private static void send(ChannelHandlerContext ctx, StreamMessage message) {
    ctx.writeAndFlush(new TextWebSocketFrame(StreamMessages.write(message)));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (summaries != null) {
      summaries.cancel(false);
    }
    if (open) {
      grants.disconnected();
    }
    open = false;
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
      String body =
          refused.response() instanceof FullHttpResponse full
              ? full.content().toString(StandardCharsets.UTF_8).strip()
              : "";
      why =
          "the operator refused the stream: "
              + refused.response().status()
              + (body.isEmpty() ? "" : " (" + truncate(body) + ")");
    } else {
      why = cause.toString();
    }
    ctx.close();
  }

  private static String truncate(String text) {
    return text.length() <= REFUSAL_CHARS ? text : text.substring(0, REFUSAL_CHARS) + "...";
  }
}
