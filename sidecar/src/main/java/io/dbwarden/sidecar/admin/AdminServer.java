package io.dbwarden.sidecar.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP server: HTTP/1.1 codec, an aggregator with a small size limit (requests carry no
 * bodies worth mentioning), and one handler that looks the path up in {@link AdminRoutes}. Handlers
 * run on one thread of their own, off the I/O thread; the proxy's event loops are not involved.
 */
public final class AdminServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService handlers;
  private final Channel channel;

  private AdminServer(EventLoopGroup group, ExecutorService handlers, Channel channel) {
    this.group = group;
    this.handlers = handlers;
    this.channel = channel;
  }

  /**
   * Binds {@code address} and serves {@code routes}.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public static AdminServer start(InetSocketAddress address, AdminRoutes routes) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ExecutorService handlers =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "dbwarden-admin");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast("http", new HttpServerCodec())
                          .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast("routes", new RouteHandler(routes, handlers));
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
      LOG.log(
          System.Logger.Level.INFO,
          "admin endpoints on http://{0}:{1,number,#}",
          bound.getAddress().getHostAddress(),
          bound.getPort());
      return new AdminServer(group, handlers, channel);
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      handlers.shutdownNow();
      throw new IllegalStateException(
          "cannot serve the admin endpoints on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The bound address (useful when the configured port was 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    handlers.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class RouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminRoutes routes;
    private final ExecutorService handlers;

    RouteHandler(AdminRoutes routes, ExecutorService handlers) {
      this.routes = routes;
      this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      boolean head = request.method().equals(HttpMethod.HEAD);
      if (!request.decoderResult().isSuccess()) {
        respond(ctx, AdminResponse.text(400, "bad request\n"), keepAlive, false);
        return;
      }
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      boolean action = routes.isAction(uri.path());
      if (action
          ? !request.method().equals(HttpMethod.POST)
          : !request.method().equals(HttpMethod.GET) && !head) {
        respond(
            ctx,
            AdminResponse.text(405, action ? "only POST\n" : "only GET and HEAD\n"),
            keepAlive,
            false);
        return;
      }
      AdminHandler handler = routes.handler(uri.path());
      if (handler == null) {
        respond(ctx, AdminResponse.text(404, "not found: " + uri.path() + "\n"), keepAlive, head);
        return;
      }
      Map<String, String> headers = new HashMap<>();
      request
          .headers()
          .forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      AdminRequest adminRequest =
          new AdminRequest(request.method().name(), uri.path(), uri.parameters(), headers);
      try {
        handlers.execute(
            () -> {
              AdminResponse response;
              try {
                response = handler.handle(adminRequest);
              } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, "admin route " + uri.path() + " failed", e);
                response = AdminResponse.text(500, "internal error\n");
              }
              AdminResponse answer = response;
              ctx.executor().execute(() -> respond(ctx, answer, keepAlive, head));
            });
      } catch (RejectedExecutionException e) {
        respond(ctx, AdminResponse.text(503, "shutting down\n"), false, head);
      }
    }

    private static void respond(
        ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive, boolean head) {
      FullHttpResponse http =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(response.status()),
              head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
      http.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, response.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length)
          .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
      if (keepAlive) {
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(http);
      } else {
        http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.log(System.Logger.Level.DEBUG, "admin connection failed: {0}", cause.toString());
      ctx.close();
    }
  }
}
