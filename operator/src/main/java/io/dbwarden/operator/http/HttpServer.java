package io.dbwarden.operator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server, optionally over TLS: codec, keep-alive, an aggregator with a size limit,
 * then one handler that routes by exact path. Routes can be added before and after {@link #start}.
 * Routes run on the server's own threads, not on the event loop, so one may block briefly (the
 * grant decision webhook reads a policy from the API server). A failing route answers 500 without
 * details; the stack trace goes to the log, never into the response.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /**
   * Largest request body accepted. Health and metrics requests have none; an AdmissionReview is at
   * most what the API server itself accepts in one request (3 MiB).
   */
  private static final int MAX_CONTENT = 3 * 1024 * 1024;

  /** Threads the routes run on: a lookup in one route must not hold back the others. */
  private static final int ROUTE_THREADS = 4;

  private final String host;
  private final int port;
  private final Supplier<SslContext> tls;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private NettyListener listener;
  private EventExecutorGroup routeThreads;

  /**
   * @param host the address to listen on, e.g. {@code 0.0.0.0}
   * @param port the port, 0 for any free one
   */
  public HttpServer(String host, int port) {
    this(host, port, null);
  }

  /**
   * A server speaking HTTPS.
   *
   * @param tls the context for each new connection; asked once per connection, so a context it
   *     returns later (a renewed certificate) applies to connections accepted from then on
   */
  public static HttpServer https(String host, int port, Supplier<SslContext> tls) {
    return new HttpServer(host, port, Objects.requireNonNull(tls, "tls must not be null"));
  }

  private HttpServer(String host, int port, Supplier<SslContext> tls) {
    this.host = Objects.requireNonNull(host, "host must not be null");
    this.port = port;
    this.tls = tls;
  }

  /** Answers requests for {@code path} with {@code route}, replacing any route there was. */
  public HttpServer route(String path, Route route) {
    routes.put(
        Objects.requireNonNull(path, "path must not be null"),
        Objects.requireNonNull(route, "route must not be null"));
    return this;
  }

  /** Binds and starts serving. */
  public synchronized void start() throws InterruptedException {
    if (listener != null) {
      throw new IllegalStateException("the server is already started");
    }
    EventExecutorGroup threads =
        new DefaultEventExecutorGroup(ROUTE_THREADS, new DefaultThreadFactory("http-routes", true));
    try {
      listener =
          NettyListener.bind(
              host,
              port,
              pipeline -> {
                if (tls != null) {
                  pipeline.addLast("tls", tls.get().newHandler(pipeline.channel().alloc()));
                }
                pipeline
                    .addLast("codec", new HttpServerCodec())
                    .addLast("keep-alive", new HttpServerKeepAliveHandler())
                    .addLast("aggregator", new HttpObjectAggregator(MAX_CONTENT))
                    // One route thread per connection: its answers leave in the order asked.
                    .addLast("routes", new Dispatcher(threads.next()));
              });
    } catch (InterruptedException | RuntimeException e) {
      threads.shutdownGracefully();
      throw e;
    }
    routeThreads = threads;
    LOG.info("HTTP{} server listening on {}", tls == null ? "" : "S", listener.address());
  }

  /** The port the server listens on (the bound one when 0 was asked for). */
  public int port() {
    if (listener == null) {
      throw new IllegalStateException("the server is not started");
    }
    return listener.address().getPort();
  }

  @Override
  public synchronized void close() {
    if (listener != null) {
      listener.close();
      listener = null;
      routeThreads.shutdownGracefully();
      routeThreads = null;
    }
  }

  /** Runs the routes of one connection on its route thread, off the event loop. */
  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final EventExecutor thread;

    Dispatcher(EventExecutor thread) {
      this.thread = thread;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      request.retain(); // released by the route thread; channelRead0 releases its own reference
      try {
        thread.execute(
            () -> {
              try {
                respond(ctx, request, answer(request));
              } finally {
                request.release();
              }
            });
      } catch (RejectedExecutionException e) {
        request.release(); // the server is stopping
        ctx.close();
      }
    }

    private HttpReply answer(FullHttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        return HttpReply.text(400, "bad request\n");
      }
      String path = new QueryStringDecoder(request.uri()).path();
      Route route = routes.get(path);
      if (route == null) {
        return HttpReply.text(404, "not found\n");
      }
      try {
        return route.handle(request);
      } catch (RuntimeException e) {
        LOG.error("HTTP route {} failed", path, e);
        return HttpReply.text(500, "internal error\n");
      }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpReply reply) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(reply.status()),
              Unpooled.wrappedBuffer(reply.body()));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
      HttpUtil.setContentLength(response, reply.body().length);
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      var written = ctx.writeAndFlush(response);
      if (!HttpUtil.isKeepAlive(request)) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("HTTP connection failed", cause);
      ctx.close();
    }
  }
}
