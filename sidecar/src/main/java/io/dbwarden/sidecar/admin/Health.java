package io.dbwarden.sidecar.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /healthz}: the process is alive (200 whenever it can answer). {@code /readyz}: 200 when
 * every readiness check passes, else 503; both answer JSON naming each check and what it found, so
 * a failing probe says why in {@code kubectl describe}.
 */
public final class Health {

  /** What one check found. */
  public record Check(boolean ok, String detail) {
    public static Check ok(String detail) {
      return new Check(true, detail);
    }

    public static Check failed(String detail) {
      return new Check(false, detail);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Supplier<Check>> checks = new LinkedHashMap<>();

  /** Adds a readiness check; checks run in the order added, on every {@code /readyz}. */
  public synchronized Health check(String name, Supplier<Check> check) {
    checks.put(
        Objects.requireNonNull(name, "name must not be null"),
        Objects.requireNonNull(check, "check must not be null"));
    return this;
  }

  /** Serves {@code /healthz} and {@code /readyz}. */
  public void install(AdminRoutes routes) {
    routes.register("/healthz", request -> AdminResponse.json(200, "{\"status\":\"alive\"}\n"));
    routes.register("/readyz", request -> readiness());
  }

  private AdminResponse readiness() throws JsonProcessingException {
    Map<String, Supplier<Check>> now;
    synchronized (this) {
      now = new LinkedHashMap<>(checks);
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode results = JSON.createObjectNode();
    boolean ready = true;
    for (Map.Entry<String, Supplier<Check>> entry : now.entrySet()) {
      Check check;
      try {
        check = entry.getValue().get();
      } catch (RuntimeException e) {
        check = Check.failed("check failed: " + e.getMessage());
      }
      ready &= check.ok();
      results.putObject(entry.getKey()).put("ok", check.ok()).put("detail", check.detail());
    }
    body.put("status", ready ? "ready" : "not ready");
    body.set("checks", results);
    return AdminResponse.json(ready ? 200 : 503, JSON.writeValueAsString(body) + "\n");
  }

  /** A check that a TCP connection to {@code address} opens within {@code timeout}. */
  public static Supplier<Check> reachable(
      String what, InetSocketAddress address, Duration timeout) {
    return () -> {
      try (Socket socket = new Socket()) {
        socket.connect(
            address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort())
                : address,
            (int) timeout.toMillis());
        return Check.ok(what + " at " + address.getHostString() + ":" + address.getPort());
      } catch (IOException e) {
        return Check.failed(
            "cannot reach "
                + what
                + " at "
                + address.getHostString()
                + ":"
                + address.getPort()
                + ": "
                + e.getMessage());
      }
    };
  }
}
