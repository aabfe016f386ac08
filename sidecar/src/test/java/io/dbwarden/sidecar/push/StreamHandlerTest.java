package io.dbwarden.sidecar.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.sidecar.approval.OperatorGrantStore;
import io.dbwarden.sidecar.metrics.AuditTotals;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's end of one stream connection, on an embedded channel. */
class StreamHandlerTest {

  @TempDir Path directory;

  private final OperatorGrantStore grants = new OperatorGrantStore(Clock.systemUTC());

  private EmbeddedChannel open() {
    PushedPolicy policy =
        new PushedPolicy(
            new BundleStore(directory),
            compiled -> {
              throw new AssertionError("no bundle is enforced here");
            },
            new PolicyEventsIgnored());
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new StreamHandler(
                policy,
                grants,
                new AuditReporter(() -> AuditTotals.ZERO),
                Runnable::run,
                Duration.ofHours(1)));
    channel
        .pipeline()
        .fireUserEventTriggered(
            WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
    return channel;
  }

  private static StreamMessage sent(EmbeddedChannel channel) {
    TextWebSocketFrame frame = channel.readOutbound();
    try {
      return StreamMessages.read(frame.text());
    } finally {
      frame.release();
    }
  }

  @Test
  void saysHelloWithoutAVersionWhenItHasNoBundle() {
    EmbeddedChannel channel = open();
    assertThat(sent(channel)).isEqualTo(new StreamMessage.Hello(null));
    channel.finishAndReleaseAll();
  }

  @Test
  void aBundleItCannotReadIsRefusedAndTheStreamStaysOpen() {
    EmbeddedChannel channel = open();
    sent(channel);

    channel.writeInbound(
        new TextWebSocketFrame(
            "{\"type\":\"bundle\",\"bundle\":{\"version\":\"v9\",\"policies\":"
                + "[{\"name\":\"a\",\"version\":\"x\",\"spec\":{\"fromTheFuture\":true}}]}}"));

    assertThat(sent(channel))
        .isInstanceOfSatisfying(
            StreamMessage.Nack.class,
            nack -> {
              assertThat(nack.version()).isEqualTo("v9");
              assertThat(nack.error()).contains("cannot read the bundle").contains("fromTheFuture");
            });
    assertThat(channel.isActive()).isTrue();
    channel.finishAndReleaseAll();
  }

  @Test
  void messagesOnlySidecarsSendCloseTheStream() {
    EmbeddedChannel channel = open();
    sent(channel);

    channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ack\",\"version\":\"v1\"}"));

    assertThat(channel.isActive()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void grantsFromTheOperatorReachTheStoreAndItsQuestionsGoOut() {
    EmbeddedChannel channel = open();
    sent(channel);

    channel.writeInbound(
        new TextWebSocketFrame(
            "{\"type\":\"grants\",\"grants\":[{\"name\":\"dbw-0123456789ab\",\"policy\":\"p\","
                + "\"statement\":\"DELETE FROM t WHERE id = 1\",\"phase\":\"Pending\","
                + "\"maxExecutions\":1}]}"));
    assertThat(grants.find("dbw-0123456789ab")).isPresent();
    assertThat(channel.isActive()).isTrue();

    grants.estimated("dbw-0123456789ab", 7);
    assertThat(sent(channel)).isEqualTo(new StreamMessage.EstimatedRows("dbw-0123456789ab", 7));

    channel.close();
    grants.estimated("dbw-0123456789ab", 8);
    assertThat((Object) channel.readOutbound()).isNull();
    channel.finishAndReleaseAll();
  }
}
