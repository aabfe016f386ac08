package io.dbwarden.sidecar.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.sidecar.approval.OperatorGrantStore;
import io.dbwarden.sidecar.metrics.AuditTotals;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The sidecar's end of the push stream: keeps one WebSocket open to the operator, and opens it
 * again with {@link Backoff} whenever it fails or closes. While it is down the policy in force
 * stays in force. Bundles are applied off the event loop (compiling and saving take time), one at a
 * time, in the order they arrived.
 */
public final class OperatorClient implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(OperatorClient.class.getName());

  /** A silent stream is pinged this often; the operator's pong keeps it from looking dead. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(20);

  private final PushSettings settings;
  private final PushedPolicy policy;
  private final OperatorGrantStore grants;
  private final AuditReporter audit;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ExecutorService bundles =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "dbwarden-bundles");
            thread.setDaemon(true);
            return thread;
          });
  private final SslContext ssl;
  private volatile boolean closed;
  private volatile Channel channel;
  private volatile StreamHandler handler;
  private int failures;

  /**
   * @param grants the grants the operator keeps, which requests and claims go through
   * @param audit the proxy's totals, for the audit summaries
   */
  public OperatorClient(
      PushSettings settings,
      PushedPolicy policy,
      OperatorGrantStore grants,
      Supplier<AuditTotals> audit)
      throws IOException {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    this.grants = Objects.requireNonNull(grants, "grants must not be null");
    this.audit = new AuditReporter(audit);
    this.ssl = settings.tls() ? sslContext(settings) : null;
  }

  /** Connects, and keeps reconnecting until closed. */
  public void start() {
    group.execute(this::connect);
  }

  /** Whether the stream is open (handshake done). */
  public boolean connected() {
    StreamHandler current = handler;
    return current != null && current.opened();
  }

  private void connect() {
    if (closed) {
      return;
    }
    String token;
    try {
      token = Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      retry("cannot read the token file " + settings.tokenFile() + ": " + e.getMessage());
      return;
    }
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    headers.set(PushProtocol.POD_HEADER, settings.pod());
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(settings.operator())
            .customHeaders(headers)
            .maxFramePayloadLength(PushProtocol.MAX_MESSAGE_BYTES)
            // The handler reads the close frame for the operator's reason.
            .handleCloseFrames(false)
            .handshakeTimeoutMillis(10_000)
            .build();
    StreamHandler connection =
        new StreamHandler(policy, grants, audit, bundles, settings.auditInterval());
    handler = connection;
    ChannelFuture connecting =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline()
                          .addLast(
                              "tls",
                              ssl.newHandler(
                                  ch.alloc(), settings.operator().getHost(), settings.port()));
                    }
                    long ping = PING_INTERVAL.toSeconds();
                    ch.pipeline()
                        .addLast("http", new HttpClientCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024))
                        .addLast("websocket", new WebSocketClientProtocolHandler(config))
                        .addLast(
                            "frame-aggregator",
                            new WebSocketFrameAggregator(PushProtocol.MAX_MESSAGE_BYTES))
                        .addLast("idle", new IdleStateHandler(3 * ping, ping, 0, TimeUnit.SECONDS))
                        .addLast("stream", connection);
                  }
                })
            .connect(settings.operator().getHost(), settings.port());
    channel = connecting.channel();
    connecting.addListener(
        (ChannelFuture done) -> {
          if (!done.isSuccess()) {
            retry("cannot connect to " + settings.operator() + ": " + done.cause().getMessage());
            return;
          }
          done.channel()
              .closeFuture()
              .addListener(
                  closedFuture -> {
                    if (connection.opened()) {
                      failures = 0;
                    }
                    retry("the stream to " + settings.operator() + " closed: " + connection.why());
                  });
        });
  }

  /** Schedules the next attempt; runs on the event loop. */
  private void retry(String why) {
    if (closed) {
      return;
    }
    Duration delay = settings.backoff().delay(failures++, ThreadLocalRandom.current()::nextDouble);
    LOG.log(
        Level.WARNING,
        "{0}; the policy in force stays, next attempt in {1} ms",
        why,
        delay.toMillis());
    group.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static SslContext sslContext(PushSettings settings) throws IOException {
    // The operator's certificate must name the host of the URL.
    SslContextBuilder builder =
        SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
    if (settings.caFile() != null) {
      builder.trustManager(settings.caFile().toFile());
    }
    return builder.build();
  }

  @Override
  public void close() {
    closed = true;
    Channel current = channel;
    if (current != null) {
      current.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    bundles.shutdownNow();
  }
}
