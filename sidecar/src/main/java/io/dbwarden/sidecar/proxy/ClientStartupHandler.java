package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.backend.AuthenticationOk;
import io.dbwarden.sidecar.pg.protocol.backend.BackendKeyData;
import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;
import io.dbwarden.sidecar.pg.protocol.backend.NegotiateProtocolVersion;
import io.dbwarden.sidecar.pg.protocol.backend.ParameterStatus;
import io.dbwarden.sidecar.pg.protocol.backend.ReadyForQuery;
import io.dbwarden.sidecar.pg.protocol.frontend.CancelRequest;
import io.dbwarden.sidecar.pg.protocol.frontend.FrontendMessageDecoder;
import io.dbwarden.sidecar.pg.protocol.frontend.GssEncRequest;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.SslRequest;
import io.dbwarden.sidecar.pg.protocol.frontend.StartupMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.StartupMessageDecoder;
import io.dbwarden.sidecar.proxy.flow.ClientAuthenticationFlow;
import io.dbwarden.sidecar.proxy.flow.ClientAuthenticationFlows;
import io.dbwarden.sidecar.proxy.flow.PassthroughLogin;
import io.dbwarden.sidecar.proxy.flow.ProxyCredentialsLogin;
import io.dbwarden.sidecar.proxy.flow.UpstreamLogin;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes a client connection from its first byte to ready-for-query: TLS negotiation, cancel
 * requests, the startup message, client authentication, and the proxy's own login to the database.
 * Then it hands both connections to a {@link ProxySession} and leaves the pipeline.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">
 *     Start-up</a>
 */
final class ClientStartupHandler extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(ClientStartupHandler.class.getName());
  private static final ByteBuf SSL_YES =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('S').asReadOnly());
  private static final ByteBuf SSL_NO =
      Unpooled.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('N').asReadOnly());

  private final ProxyContext context;
  private AuditEvents.Connection audit;
  private StartupMessage startup;
  private ClientAuthenticationFlow flow;
  private Identity identity;
  private Channel upstream;
  private boolean relayingLogin;
  private ScheduledFuture<?> startupTimeout;
  private boolean finished;

  ClientStartupHandler(ProxyContext context) {
    this.context = context;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String address =
        ctx.channel().remoteAddress() instanceof InetSocketAddress inet
            ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
            : String.valueOf(ctx.channel().remoteAddress());
    audit = new AuditEvents.Connection(context.nextSessionId(), null, address, null, null);
    context.metrics().connectionAccepted();
    context.audit().record(AuditEvents.connection(audit, "accepted", null, null));
    long timeout = context.config().limits().startupTimeout().toMillis();
    if (timeout > 0) {
      startupTimeout =
          ctx.executor()
              .schedule(
                  () ->
                      refuse(
                          ctx,
                          SqlStates.CONNECTION_FAILURE,
                          "dbwarden: connection startup did not complete within "
                              + timeout
                              + " ms"),
                  timeout,
                  TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SslRequest) {
        onSslRequest(ctx);
      } else if (msg instanceof GssEncRequest) {
        ctx.writeAndFlush(SSL_NO.duplicate());
      } else if (msg instanceof CancelRequest cancel) {
        onCancel(ctx, cancel);
      } else if (msg instanceof StartupMessage message && startup == null) {
        onStartup(ctx, message);
      } else if (msg instanceof PasswordMessage password && startup != null) {
        onPassword(ctx, password);
      } else {
        refuse(
            ctx,
            SqlStates.PROTOCOL_VIOLATION,
            "dbwarden: unexpected message during startup: " + msg.getClass().getSimpleName());
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onSslRequest(ChannelHandlerContext ctx) {
    if (context.clientSslContext() == null || ctx.pipeline().get(PipelineNames.TLS) != null) {
      ctx.writeAndFlush(SSL_NO.duplicate());
      return;
    }
    StartupMessageDecoder decoder =
        (StartupMessageDecoder) ctx.pipeline().get(PipelineNames.DECODER);
    if (decoder.bufferedBytes() > 0) {
      // Bytes sent before the handshake would be read as if they had come through TLS: a client
      // never sends them, an attacker injecting plaintext into the stream would (CVE-2021-23214).
      refuse(
          ctx,
          SqlStates.PROTOCOL_VIOLATION,
          "dbwarden: unencrypted data received after SSLRequest");
      return;
    }
    ctx.writeAndFlush(SSL_YES.duplicate());
    ctx.pipeline().addFirst(PipelineNames.TLS, context.clientSslContext().newHandler(ctx.alloc()));
  }

  private void onCancel(ChannelHandlerContext ctx, CancelRequest cancel) {
    context
        .cancelRegistry()
        .find(new CancelKey(cancel.processId(), cancel.secretKey()))
        .ifPresent(
            target -> context.upstream().cancel(ctx.channel().eventLoop(), target.upstreamKey()));
    // The server answers a cancel request with nothing but closing the connection.
    context.audit().record(AuditEvents.connection(audit, "closed", null, "cancel request"));
    finished = true;
    cancelStartupTimeout();
    ctx.close();
  }

  private void onStartup(ChannelHandlerContext ctx, StartupMessage message) {
    startup = message;
    audit = audit.withStartup(message.parameters().get("application_name"), message.database());
    ProxyConfig config = context.config();
    if (context.draining()) {
      refuse(ctx, "57P03", "dbwarden: the proxy is shutting down");
      return;
    }
    if (context.sessions().size() >= config.limits().maxConnections()) {
      refuse(
          ctx,
          SqlStates.TOO_MANY_CONNECTIONS,
          "dbwarden: too many connections (limit " + config.limits().maxConnections() + ")");
      return;
    }
    boolean tls = ctx.pipeline().get(PipelineNames.TLS) != null;
    if (!tls && config.clientTls() != null && !config.clientTls().allowPlaintext()) {
      refuse(
          ctx,
          SqlStates.INVALID_AUTHORIZATION,
          "dbwarden: this proxy only accepts TLS connections; connect with sslmode=require");
      return;
    }
    if ("database".equalsIgnoreCase(message.parameters().get("replication"))
        || "true".equalsIgnoreCase(message.parameters().get("replication"))) {
      refuse(
          ctx,
          SqlStates.FEATURE_NOT_SUPPORTED,
          "dbwarden: replication connections are not supported");
      return;
    }
    String options = message.parameters().get("options");
    if (options != null && StartupOptions.switchesRole(options)) {
      refuse(
          ctx,
          SqlStates.INSUFFICIENT_PRIVILEGE,
          "dbwarden: the startup option 'options' may not set role or session_authorization");
      return;
    }
    negotiateProtocolVersion(ctx, message);
    ctx.pipeline()
        .replace(
            PipelineNames.DECODER,
            PipelineNames.DECODER,
            new FrontendMessageDecoder(config.limits().maxMessageLength()));
    // The new decoder hands on at once whatever the client sent after the startup packet; if
    // that already ended the connection, startup must not go on.
    if (finished) {
      return;
    }
    if (config.upstream().passthrough()) {
      connectUpstream(
          ctx,
          upstreamStartup(message, message.user()),
          new PassthroughLogin(
              ctx.channel(),
              () -> {
                authenticated(ctx, passthroughIdentity());
                relayingLogin = false;
                ctx.channel().config().setAutoRead(false);
              }));
      relayingLogin = true;
      return;
    }
    try {
      flow = ClientAuthenticationFlows.select(config.authentication(), tls, message.user());
      step(ctx, flow.start());
    } catch (AuthenticationException e) {
      refuseAuthentication(ctx, e);
    }
  }

  /**
   * The proxy speaks protocol 3.0. A client asking for a newer minor version, or sending protocol
   * options ({@code _pq_.*}), is told so; the server does the same.
   */
  private static void negotiateProtocolVersion(ChannelHandlerContext ctx, StartupMessage message) {
    List<String> options =
        message.parameters().keySet().stream().filter(k -> k.startsWith("_pq_.")).toList();
    if (message.minorVersion() > 0 || !options.isEmpty()) {
      ctx.write(new NegotiateProtocolVersion(0, options));
    }
  }

  private Identity passthroughIdentity() {
    return new Identity(
        Identity.Kind.User, startup.user(), List.of(), null, Identity.Method.PASSTHROUGH);
  }

  private void onPassword(ChannelHandlerContext ctx, PasswordMessage password) {
    if (relayingLogin) {
      if (upstream != null) {
        upstream.writeAndFlush(password);
      }
      return;
    }
    if (flow == null || identity != null) {
      refuse(ctx, SqlStates.PROTOCOL_VIOLATION, "dbwarden: unexpected password message");
      return;
    }
    if (!flow.blocking()) {
      respond(ctx, password);
      return;
    }
    // The client sends nothing else until it is answered, so no message can overtake this one.
    context
        .blockingExecutor()
        .execute(
            () -> {
              try {
                ClientAuthenticationFlow.Step step = flow.onResponse(password);
                ctx.executor().execute(() -> step(ctx, step));
              } catch (AuthenticationException e) {
                ctx.executor().execute(() -> refuseAuthentication(ctx, e));
              } catch (RuntimeException e) {
                ctx.executor().execute(() -> exceptionCaught(ctx, e));
              }
            });
  }

  private void respond(ChannelHandlerContext ctx, PasswordMessage password) {
    try {
      step(ctx, flow.onResponse(password));
    } catch (AuthenticationException e) {
      refuseAuthentication(ctx, e);
    }
  }

  private void step(ChannelHandlerContext ctx, ClientAuthenticationFlow.Step step) {
    if (step.reply() != null) {
      ctx.write(step.reply());
    }
    ctx.flush();
    if (step.finished()) {
      authenticated(ctx, step.identity());
      // Until the database is ready, the client's next messages wait in the socket.
      ctx.channel().config().setAutoRead(false);
      connectUpstream(
          ctx,
          upstreamStartup(startup, context.config().upstream().credentials().user()),
          new ProxyCredentialsLogin(context.config().upstream().credentials()));
    }
  }

  private void authenticated(ChannelHandlerContext ctx, Identity established) {
    identity = established;
    audit = audit.withIdentity(established);
    context.audit().record(AuditEvents.connection(audit, "authenticated", null, null));
  }

  /**
   * The startup message the database gets: the client's parameters (database, application_name,
   * options, client settings) with the proxy's own database user unless the login is relayed.
   */
  private static StartupMessage upstreamStartup(StartupMessage client, String user) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("user", user);
    parameters.put("database", client.database());
    client
        .parameters()
        .forEach(
            (name, value) -> {
              if (!name.equals("user") && !name.startsWith("_pq_.")) {
                parameters.putIfAbsent(name, value);
              }
            });
    return new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
  }

  private void connectUpstream(
      ChannelHandlerContext ctx, StartupMessage message, UpstreamLogin login) {
    Future<Channel> connected = context.upstream().connect(ctx.channel().eventLoop());
    connected.addListener(
        f -> {
          if (!f.isSuccess()) {
            LOG.log(System.Logger.Level.WARNING, "cannot reach the database: " + f.cause());
            refuse(
                ctx,
                SqlStates.CONNECTION_FAILURE,
                "dbwarden: cannot reach the database at "
                    + context.upstream().address()
                    + ": "
                    + f.cause().getMessage());
            return;
          }
          upstream = connected.getNow();
          if (!ctx.channel().isActive()) {
            upstream.close();
            return;
          }
          Promise<UpstreamHandshake> handshake = ctx.executor().newPromise();
          handshake.addListener(
              h -> {
                if (h.isSuccess()) {
                  finish(ctx, handshake.getNow());
                } else {
                  upstreamFailed(ctx, h.cause());
                }
              });
          upstream
              .pipeline()
              .addLast(
                  PipelineNames.STARTUP, new UpstreamStartupHandler(message, login, handshake));
        });
  }

  private void upstreamFailed(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof UpstreamRefusedException refused) {
      ErrorResponse error = refused.error();
      if (!relayingLogin && error.code() != null && error.code().startsWith("28")) {
        // The proxy's own login failed: the client's credentials were fine, and the proxy's
        // database user is none of the client's business.
        refuse(
            ctx,
            SqlStates.CONNECTION_FAILURE,
            "dbwarden: the proxy could not log in to the database; check its database"
                + " credentials");
      } else {
        context.metrics().connectionRefused(error.code());
        context
            .audit()
            .record(AuditEvents.connection(audit, "refused", error.code(), error.message()));
        finishStartupAttempt();
        Connections.fatal(ctx.channel(), error);
      }
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "database startup failed: " + cause);
    refuse(
        ctx,
        SqlStates.CONNECTION_FAILURE,
        "dbwarden: the database connection failed during startup: " + cause.getMessage());
  }

  private void finish(ChannelHandlerContext ctx, UpstreamHandshake handshake) {
    if (!ctx.channel().isActive()) {
      upstream.close();
      return;
    }
    String encodingRefusal = ClientEncoding.refusal(handshake.parameters().get("client_encoding"));
    if (encodingRefusal != null) {
      refuse(ctx, SqlStates.FEATURE_NOT_SUPPORTED, encodingRefusal);
      return;
    }
    finishStartupAttempt();
    CancelKey clientKey =
        context
            .cancelRegistry()
            .register(
                new CancelRegistry.Target(context.upstream().address(), handshake.backendKey()));
    ctx.write(AuthenticationOk.INSTANCE);
    handshake.parameters().forEach((name, value) -> ctx.write(new ParameterStatus(name, value)));
    handshake.notices().forEach(ctx::write);
    ctx.write(new BackendKeyData(clientKey.processId(), clientKey.secretKey()));
    ctx.writeAndFlush(ReadyForQuery.of(handshake.transactionStatus()));

    ProxySession session =
        new ProxySession(context, ctx.channel(), upstream, clientKey, audit, handshake);
    context.sessions().add(session);
    upstream.pipeline().addLast(PipelineNames.RELAY, new BackendRelayHandler(session));
    ctx.pipeline().replace(this, PipelineNames.RELAY, new FrontendRelayHandler(session));
    session.updateClientReading();
    session.updateUpstreamReading();
  }

  private void refuseAuthentication(ChannelHandlerContext ctx, AuthenticationException e) {
    refuse(ctx, e.sqlState(), e.getMessage());
  }

  /** Ends a connection that never became a session, and records why. */
  private void refuse(ChannelHandlerContext ctx, String sqlState, String message) {
    if (finished || !ctx.channel().isActive()) {
      return;
    }
    context.metrics().connectionRefused(sqlState);
    context.audit().record(AuditEvents.connection(audit, "refused", sqlState, message));
    finishStartupAttempt();
    if (upstream != null) {
      upstream.close();
    }
    Connections.fatal(ctx.channel(), sqlState, message);
  }

  private void finishStartupAttempt() {
    finished = true;
    cancelStartupTimeout();
  }

  private void cancelStartupTimeout() {
    if (startupTimeout != null) {
      startupTimeout.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelStartupTimeout();
    if (upstream != null && !finished) {
      upstream.close();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!finished) {
      context.metrics().connectionRefused(SqlStates.PROTOCOL_VIOLATION);
      context
          .audit()
          .record(
              AuditEvents.connection(
                  audit,
                  "refused",
                  SqlStates.PROTOCOL_VIOLATION,
                  String.valueOf(cause.getMessage())));
      finishStartupAttempt();
    }
    ClientErrors.handle(ctx.channel(), cause);
  }
}
