package io.dbwarden.sidecar.admin;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a route answers.
 *
 * @param status the HTTP status code
 * @param contentType the Content-Type header
 * @param body the body
 */
public record AdminResponse(int status, String contentType, byte[] body) {

  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  public AdminResponse {
    Objects.requireNonNull(contentType, "contentType must not be null");
    Objects.requireNonNull(body, "body must not be null");
  }

  public static AdminResponse text(int status, String body) {
    return new AdminResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  public static AdminResponse json(int status, String body) {
    return new AdminResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }
}
