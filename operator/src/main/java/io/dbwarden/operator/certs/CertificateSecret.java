package io.dbwarden.operator.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook Secret on the API server, shared by every replica. Replicas race to create and to
 * rotate it; writes carry the {@code resourceVersion} they were computed from (a create has none to
 * carry and fails if the Secret exists), so the loser gets 409 Conflict, reads what the winner
 * wrote and uses that.
 */
public final class CertificateSecret {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateSecret.class);

  /** Rounds of read, decide, write; each lost round means another replica wrote meanwhile. */
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final CertificateSettings settings;
  private final CertificateRotation rotation;
  private final Clock clock;

  public CertificateSecret(KubernetesClient client, CertificateSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.rotation = new CertificateRotation(settings);
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /**
   * The Secret's content after creating or rotating it if needed.
   *
   * @throws IllegalStateException when cert-manager's Secret is missing or unreadable, or every
   *     attempt lost a race
   */
  public WebhookTls ensure() {
    if (!settings.selfSigned()) {
      return read()
          .flatMap(WebhookTls::fromSecret)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "Secret "
                          + settings.namespace()
                          + "/"
                          + settings.secretName()
                          + " holds no tls.crt, tls.key and ca.crt (is cert-manager's Certificate"
                          + " ready?)"));
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Secret> secret = read();
      Optional<WebhookTls> current = secret.flatMap(WebhookTls::fromSecret);
      Optional<WebhookTls> next = rotation.next(current, clock.instant());
      if (next.isEmpty()) {
        return current.orElseThrow();
      }
      try {
        write(secret, next.get());
        LOG.info(
            "webhook certificate {} in Secret {}/{}, valid until {}",
            secret.isEmpty() ? "created" : "renewed",
            settings.namespace(),
            settings.secretName(),
            next.get().certificate().getNotAfter().toInstant());
        return next.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        LOG.info("another replica wrote the webhook Secret first; reading it again");
      }
    }
    throw new IllegalStateException(
        "the webhook Secret kept changing under " + ATTEMPTS + " attempts to write it");
  }

  private void write(Optional<Secret> existing, WebhookTls tls) {
    Secret wanted = tls.toSecret(settings.namespace(), settings.secretName());
    if (existing.isEmpty()) {
      client.resource(wanted).create();
      return;
    }
    wanted.getMetadata().setResourceVersion(existing.get().getMetadata().getResourceVersion());
    wanted.getMetadata().setLabels(existing.get().getMetadata().getLabels());
    wanted.getMetadata().setAnnotations(existing.get().getMetadata().getAnnotations());
    client.resource(wanted).update();
  }

  private Optional<Secret> read() {
    return Optional.ofNullable(secret().get());
  }

  /** The Secret's resource, for watching. */
  Resource<Secret> secret() {
    return client.secrets().inNamespace(settings.namespace()).withName(settings.secretName());
  }
}
