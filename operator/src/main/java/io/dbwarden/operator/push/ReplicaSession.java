package io.dbwarden.operator.push;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another replica's relay, on the leader: what the sidecars connected to that replica say goes into
 * the leader's registry, from which status is written. When the relay closes, its sidecars count as
 * disconnected until they report again, to whichever replica.
 */
final class ReplicaSession extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);

  private final SidecarRegistry sidecars;
  private final Set<PodRef> relayed = new HashSet<>();

  ReplicaSession(SidecarRegistry sidecars) {
    this.sidecars = sidecars;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame text)) {
      return;
    }
    try {
      StreamMessage message = StreamMessages.read(text.text());
      if (message instanceof StreamMessage.Relayed report) {
        PodRef pod = PodRef.parse(report.pod());
        relayed.add(pod);
        SidecarReports.apply(sidecars, pod, report.message());
      } else if (message instanceof StreamMessage.Gone gone) {
        PodRef pod = PodRef.parse(gone.pod());
        relayed.remove(pod);
        sidecars.disconnected(pod);
      } else {
        throw new IllegalArgumentException("a replica relays, it does not send " + message);
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("closing a replica's relay: {}", e.getMessage());
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "bad relay"))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    relayed.forEach(sidecars::disconnected);
    relayed.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("a replica's relay failed", cause);
    ctx.close();
  }
}
