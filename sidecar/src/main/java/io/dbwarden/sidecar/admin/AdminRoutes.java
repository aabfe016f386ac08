package io.dbwarden.sidecar.admin;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The paths the admin port serves, each with its handler. Safe to add to while the server runs. */
public final class AdminRoutes {

  private final Map<String, AdminHandler> routes = new ConcurrentHashMap<>();

  /** Paths that change something, answered to POST only; every other path to GET and HEAD. */
  private final Set<String> posts = ConcurrentHashMap.newKeySet();

  /**
   * Serves {@code path} (exactly, e.g. {@code /catalog}) with {@code handler}.
   *
   * @throws IllegalArgumentException when the path does not start with a slash or is taken
   */
  public AdminRoutes register(String path, AdminHandler handler) {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(handler, "handler must not be null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    if (routes.putIfAbsent(path, handler) != null) {
      throw new IllegalArgumentException("path is already served: " + path);
    }
    return this;
  }

  /** Serves {@code path} to POST requests only, for actions. */
  public AdminRoutes registerAction(String path, AdminHandler handler) {
    register(path, handler);
    posts.add(path);
    return this;
  }

  /** Whether the path is an action, answered to POST only. */
  public boolean isAction(String path) {
    return posts.contains(path);
  }

  /** The handler of a path, or null. */
  public AdminHandler handler(String path) {
    return routes.get(path);
  }

  public Set<String> paths() {
    return Set.copyOf(routes.keySet());
  }
}
