package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

/** Attempts at opening the operator's stream, as a sidecar or as another replica would. */
final class StreamUpgrades {

  private StreamUpgrades() {}

  /**
   * Opens {@code path} on the stream port and closes it again at once.
   *
   * @param pod the {@value PushProtocol#POD_HEADER} header, or null for none
   * @param token the bearer token, or null for none
   * @return "open", or the refusal's status and body
   */
  static String attempt(int port, String path, String pod, String token) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (pod != null) {
      builder.header(PushProtocol.POD_HEADER, pod);
    }
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    try {
      builder
          .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {})
          .join()
          .abort();
      return "open";
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode() + " " + refused.getResponse().body();
      }
      throw e;
    }
  }
}
