package io.dbwarden.sidecar.proxy;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the cancel keys the proxy issued to clients onto the upstream backends they stand for.
 * Shared by all event loops: a CancelRequest arrives on a new connection, usually on another loop.
 */
public final class CancelRegistry {

  /** Where a cancel must go: the upstream server and the key it issued. */
  public record Target(InetSocketAddress upstream, CancelKey upstreamKey) {}

  private final Map<CancelKey, Target> targets = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Issues a fresh key for a client connection whose upstream is {@code target}. */
  public CancelKey register(Target target) {
    while (true) {
      CancelKey key = new CancelKey(random.nextInt() & 0x7fffffff, random.nextInt());
      if (targets.putIfAbsent(key, target) == null) {
        return key;
      }
    }
  }

  public Optional<Target> find(CancelKey key) {
    return Optional.ofNullable(targets.get(key));
  }

  public void unregister(CancelKey key) {
    targets.remove(key);
  }
}
