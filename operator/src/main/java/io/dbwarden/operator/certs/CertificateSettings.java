package io.dbwarden.operator.certs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the webhook's certificates live and how long they last.
 *
 * @param namespace the operator's namespace, where the Secret is
 * @param secretName the Secret shared by all replicas
 * @param names the names the serving certificate is for: the webhook Service's DNS names, or IP
 *     literals
 * @param selfSigned whether the operator is its own CA; false when cert-manager writes the Secret
 *     (and its CA injector the {@code caBundle})
 * @param webhookConfigurationName the Mutating- and ValidatingWebhookConfiguration whose {@code
 *     caBundle} the operator keeps current
 * @param caValidity how long a new CA is valid
 * @param servingValidity how long a new serving certificate is valid
 * @param renewBefore how long before expiry a certificate is replaced
 * @param checkInterval how often expiry is checked
 */
public record CertificateSettings(
    String namespace,
    String secretName,
    List<String> names,
    boolean selfSigned,
    String webhookConfigurationName,
    Duration caValidity,
    Duration servingValidity,
    Duration renewBefore,
    Duration checkInterval) {

  public CertificateSettings {
    Objects.requireNonNull(namespace, "namespace must not be null");
    Objects.requireNonNull(secretName, "secretName must not be null");
    names = List.copyOf(names);
    Objects.requireNonNull(webhookConfigurationName, "webhookConfigurationName must not be null");
    Objects.requireNonNull(caValidity, "caValidity must not be null");
    Objects.requireNonNull(servingValidity, "servingValidity must not be null");
    Objects.requireNonNull(renewBefore, "renewBefore must not be null");
    Objects.requireNonNull(checkInterval, "checkInterval must not be null");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("names must not be empty");
    }
    if (renewBefore.compareTo(servingValidity) >= 0) {
      throw new IllegalArgumentException("renewBefore must be shorter than servingValidity");
    }
  }

  /** The DNS names the API server uses for {@code service} in {@code namespace}. */
  public static List<String> serviceNames(String service, String namespace) {
    return List.of(
        service + "." + namespace + ".svc", service + "." + namespace + ".svc.cluster.local");
  }
}
