package io.dbwarden.sidecar.admin;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the admin port.
 *
 * @param method GET, HEAD...
 * @param path the path without the query
 * @param query the query parameters, each with its values in order
 * @param headers the request headers, names in lower case (the last value of a repeated one)
 */
public record AdminRequest(
    String method, String path, Map<String, List<String>> query, Map<String, String> headers) {

  public AdminRequest {
    Objects.requireNonNull(method, "method must not be null");
    Objects.requireNonNull(path, "path must not be null");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** The first value of a query parameter, or null. */
  public String parameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A header by its name in any case, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
