package io.dbwarden.sidecar.proxy;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The proxy: accepts PostgreSQL clients, authenticates them, and relays each to its own database
 * connection through the decision and transformation steps.
 */
public final class ProxyServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());

  private final ProxyContext context;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel serverChannel;

  private ProxyServer(
      ProxyContext context, EventLoopGroup acceptor, EventLoopGroup workers, Channel channel) {
    this.context = context;
    this.acceptor = acceptor;
    this.workers = workers;
    this.serverChannel = channel;
  }

  /**
   * Binds the listen address and starts serving, with the audit sink in strict mode and no metrics.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static ProxyServer start(ProxyConfig config, StatementDecider decider, AuditSink audit) {
    return start(config, decider, new AuditGuard(audit, AuditMode.STRICT), ProxyMetrics.none());
  }

  /**
   * Binds the listen address and starts serving.
   *
   * @param audit the audit sink and its mode
   * @param metrics where connections and statements are counted
   * @throws IllegalStateException when the address cannot be bound
   */
  public static ProxyServer start(
      ProxyConfig config, StatementDecider decider, AuditGuard audit, ProxyMetrics metrics) {
    if (!config.upstream().passthrough() && !config.authentication().anyConfigured()) {
      throw new IllegalArgumentException(
          "no client authentication is configured: give a users file, a JWKS, a workload"
              + " identity, or use passthrough");
    }
    Transport transport = Transport.best();
    ProxyContext context =
        new ProxyContext(
            config,
            decider,
            audit,
            metrics,
            clientSslContext(config),
            new UpstreamConnector(config.upstream(), transport));
    EventLoopGroup acceptor = transport.newEventLoopGroup(1);
    EventLoopGroup workers = transport.newEventLoopGroup(0);
    try {
      Channel channel =
          new ServerBootstrap()
              .group(acceptor, workers)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(64 * 1024, 256 * 1024))
              .childHandler(new ClientChannelInitializer(context))
              .bind(config.listen())
              .sync()
              .channel();
      LOG.log(
          System.Logger.Level.INFO,
          "dbwarden listening on "
              + channel.localAddress()
              + " ("
              + transport
              + "), upstream "
              + config.upstream().address());
      return new ProxyServer(context, acceptor, workers, channel);
    } catch (Exception e) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "cannot listen on " + config.listen() + ": " + e.getMessage(), e);
    }
  }

  /** Client connections with a session now. */
  public int sessions() {
    return context.sessions().size();
  }

  /** The bound address (useful when the configured port was 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Graceful shutdown: stops accepting, lets in-flight statements finish (each connection is ended
   * at its next idle point), and closes what is left when the grace period runs out.
   */
  @Override
  public void close() {
    context.startDraining();
    serverChannel.close().syncUninterruptibly();
    List.copyOf(context.sessions()).forEach(ProxySession::drain);
    long deadline = System.nanoTime() + context.config().limits().shutdownGrace().toNanos();
    while (!context.sessions().isEmpty() && System.nanoTime() < deadline) {
      sleepBriefly();
    }
    List.copyOf(context.sessions()).forEach(ProxySession::terminate);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    context.blockingExecutor().shutdownNow();
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SslContext clientSslContext(ProxyConfig config) {
    if (config.clientTls() == null) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(
              config.clientTls().certificateChain().toFile(),
              config.clientTls().privateKey().toFile())
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(
          "cannot load the TLS certificate or key: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
