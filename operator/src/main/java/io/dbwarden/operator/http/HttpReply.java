package io.dbwarden.operator.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A complete response: status, content type and body.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type}
 * @param body the body
 */
public record HttpReply(int status, String contentType, byte[] body) {

  public static final String TEXT = "text/plain; charset=utf-8";

  public HttpReply {
    Objects.requireNonNull(contentType, "contentType must not be null");
    Objects.requireNonNull(body, "body must not be null");
  }

  /** A plain-text reply. */
  public static HttpReply text(int status, String body) {
    return new HttpReply(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }
}
