package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.PgMessageEncoder;
import io.dbwarden.sidecar.pg.protocol.frontend.StartupMessageDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a new client connection. TLS, when the client asks for it, is added first by the
 * startup handler; the decoder is replaced by the typed one once the startup packet is in.
 */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final ProxyContext context;

  ClientChannelInitializer(ProxyContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline pipeline = ch.pipeline();
    long idleMillis = context.config().limits().idleTimeout().toMillis();
    if (idleMillis > 0) {
      pipeline.addLast(
          PipelineNames.IDLE, new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
    }
    pipeline.addLast(PipelineNames.DECODER, new StartupMessageDecoder());
    pipeline.addLast(PipelineNames.ENCODER, new PgMessageEncoder());
    pipeline.addLast(PipelineNames.STARTUP, new ClientStartupHandler(context));
  }
}
