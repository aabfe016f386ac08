package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.dbwarden.sidecar.proxy.SessionInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A session that exists only to judge statements outside the proxy ({@code dbwarden check},
 * benchmarks): a fresh connection of one identity with the server's default settings.
 */
public final class CheckSession implements SessionInfo {

  private final Identity identity;
  private final String database;
  private final Map<Class<?>, Object> state = new HashMap<>();

  public CheckSession(Identity identity, String database) {
    this.identity = identity;
    this.database = database;
  }

  @Override
  public String sessionId() {
    return "check";
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public String applicationName() {
    return "dbwarden check";
  }

  @Override
  public String serverParameter(String name) {
    return null;
  }

  @Override
  public TransactionStatus transactionStatus() {
    return TransactionStatus.IDLE;
  }

  @Override
  public <T> T state(Class<T> type, Supplier<T> initial) {
    return type.cast(state.computeIfAbsent(type, t -> initial.get()));
  }
}
