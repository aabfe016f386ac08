package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.config.UpstreamConfig.TlsMode;
import io.dbwarden.sidecar.pg.protocol.PgMessageEncoder;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessageDecoder;
import io.dbwarden.sidecar.pg.protocol.frontend.CancelRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Opens connections to the database: on the client's event loop (so no state crosses threads), with
 * TLS negotiated first when configured, and ready to speak the typed protocol.
 */
final class UpstreamConnector {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final UpstreamConfig config;
  private final Transport transport;
  private final SslContext sslContext;

  UpstreamConnector(UpstreamConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
    this.sslContext = config.tls() == TlsMode.DISABLE ? null : buildSslContext(config);
  }

  InetSocketAddress address() {
    return config.address();
  }

  /**
   * Connects and, when configured, completes the TLS handshake. The returned channel has the
   * backend decoder and the encoder installed and auto-read on; the caller adds its handler.
   */
  Future<Channel> connect(EventLoop loop) {
    Promise<Channel> ready = loop.newPromise();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(PipelineNames.ENCODER, new PgMessageEncoder());
                    if (sslContext == null) {
                      ch.pipeline()
                          .addLast(
                              PipelineNames.DECODER,
                              new BackendMessageDecoder(
                                  ProxyConfig.Limits.MAX_BACKEND_MESSAGE_LENGTH));
                    } else {
                      ch.pipeline()
                          .addLast(
                              PipelineNames.TLS_NEGOTIATION,
                              new UpstreamTlsNegotiator(sslContext, config, ready));
                    }
                  }
                });
    bootstrap
        .connect(config.address())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    ready.tryFailure(f.cause());
                  } else if (sslContext == null) {
                    ready.trySuccess(f.channel());
                  }
                });
    return ready;
  }

  /**
   * Sends a CancelRequest for an upstream backend on a connection of its own, as the protocol
   * requires, and closes it. Best effort, like the server's own cancel handling.
   */
  void cancel(EventLoop loop, CancelKey upstreamKey) {
    connect(loop)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                Channel ch = (Channel) f.getNow();
                ch.writeAndFlush(
                        new CancelRequest(upstreamKey.processId(), upstreamKey.secretKey()))
                    .addListener(ChannelFutureListener.CLOSE);
              }
            });
  }

  private static SslContext buildSslContext(UpstreamConfig config) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient();
      if (config.tls() == TlsMode.REQUIRE) {
        builder
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .endpointIdentificationAlgorithm(null);
      } else {
        if (config.caCertificate() != null) {
          builder.trustManager(config.caCertificate().toFile());
        }
        builder.endpointIdentificationAlgorithm("HTTPS");
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up TLS to the database: " + e.getMessage(), e);
    }
  }
}
