package io.dbwarden.kubectl;

/**
 * There is no cluster to ask: no kubeconfig, a context it does not hold. The message is the one
 * line the user sees.
 */
public final class ClusterException extends RuntimeException {

  public ClusterException(String message) {
    super(message);
  }
}
