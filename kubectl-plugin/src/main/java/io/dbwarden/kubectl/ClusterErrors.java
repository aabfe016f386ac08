package io.dbwarden.kubectl;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * Turns a failed request into the one line the user sees and the exit code: the API server's own
 * message (an admission webhook's refusal, RBAC's) when it gave one, else what went wrong on the
 * way there.
 *
 * @see <a href="https://kubernetes.io/docs/reference/using-api/api-concepts/#api-verbs">the
 *     Kubernetes API's responses</a>
 */
public final class ClusterErrors {

  /**
   * What to tell the user.
   *
   * @param message one line, without a leading "error:"
   * @param exitCode {@link Exit#REFUSED} when the API server refused, else {@link Exit#FAILED}
   */
  public record Failure(String message, int exitCode) {}

  private ClusterErrors() {}

  /**
   * @param server the API server's URL, for messages about reaching it
   */
  public static Failure of(KubernetesClientException e, String server) {
    if (e.getCode() <= 0 && transportFailed(e)) {
      return new Failure(
          "cannot reach the Kubernetes API server at " + server + ": " + describe(e), Exit.FAILED);
    }
    String said = serverMessage(e);
    return switch (e.getCode()) {
      case 401 ->
          new Failure(
              "the API server at "
                  + server
                  + " did not accept your credentials (401 Unauthorized); log in to the cluster"
                  + " again",
              Exit.FAILED);
      case 403 -> new Failure(said, Exit.REFUSED);
      case 404 -> notFound(e, said);
      default -> new Failure(said, Exit.FAILED);
    };
  }

  /** The message of the API server's Status, or the client's own when there is none. */
  public static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    return e.getMessage();
  }

  /**
   * A 404 naming no object is about the kind: the API server does not serve it, so the CRDs are not
   * installed. (A 404 for one object by name reaches the commands as a null from {@code get}.)
   */
  private static Failure notFound(KubernetesClientException e, String said) {
    Status status = e.getStatus();
    boolean aboutObject =
        status != null && status.getDetails() != null && status.getDetails().getName() != null;
    if (aboutObject) {
      return new Failure(said, Exit.FAILED);
    }
    String kind =
        e.getResourcePlural() != null && e.getGroup() != null
            ? e.getResourcePlural() + "." + e.getGroup()
            : "the dbwarden resources";
    return new Failure(
        "the API server does not serve "
            + kind
            + ": the dbwarden CRDs are not installed in this cluster (helm install dbwarden"
            + " ./helm/dbwarden, or kubectl apply -f crds/)",
        Exit.FAILED);
  }

  /** Whether the request failed below the HTTP exchange: connection refused, unknown host, TLS. */
  private static boolean transportFailed(Throwable e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof IOException || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the JDK's HTTP client says of a failed connection, mostly in exceptions without a message:
   * said in words.
   */
  private static String describe(Throwable failed) {
    String message = null;
    for (Throwable t = failed.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "the host name does not resolve";
      }
      if (t instanceof SSLException) {
        return "the TLS handshake failed: " + t.getMessage();
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return "it did not answer in time";
      }
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    for (Throwable t = failed.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ConnectException) {
        // The JDK's client reports a refused connection as one without a message.
        return t.getMessage() == null ? "the connection was refused" : t.getMessage();
      }
    }
    return message != null ? message : failed.getCause().getClass().getSimpleName();
  }
}
