package io.dbwarden.operator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A listening socket with an event loop of its own, each accepted connection's pipeline built by
 * the caller: what the operator's HTTP server and the sidecars' stream server share.
 */
public final class NettyListener implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel channel;

  private NettyListener(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Listens on {@code host}:{@code port} (0 for any free port).
   *
   * @param pipeline builds the pipeline of each accepted connection
   */
  public static NettyListener bind(String host, int port, Consumer<ChannelPipeline> pipeline)
      throws InterruptedException {
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      pipeline.accept(ch.pipeline());
                    }
                  })
              .bind(host, port)
              .sync()
              .channel();
      return new NettyListener(group, channel);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The address listened on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Closes the socket and every connection, and stops the event loop. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
