package io.dbwarden.operator.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's certificates current in one replica: at start and every {@code checkInterval}
 * the Secret is created or rotated when due (self-signed mode), and whenever the Secret changes, by
 * this replica or another or cert-manager, the server context is reloaded and the {@code caBundle}
 * patched (self-signed mode; cert-manager's CA injector does it otherwise).
 */
public final class WebhookCertificates implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookCertificates.class);

  private final CertificateSettings settings;
  private final CertificateSecret secret;
  private final CaBundlePatcher caBundle;
  private final ReloadableSslContext context;
  private ScheduledExecutorService checks;
  private SharedIndexInformer<Secret> informer;

  public WebhookCertificates(
      KubernetesClient client,
      CertificateSettings settings,
      Clock clock,
      ReloadableSslContext context) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.secret = new CertificateSecret(client, settings, clock);
    this.caBundle = new CaBundlePatcher(client, settings.webhookConfigurationName());
    this.context = Objects.requireNonNull(context, "context must not be null");
  }

  /**
   * Loads (creating if needed) the certificate, then watches the Secret and checks for expiry.
   *
   * @throws IllegalStateException when no usable certificate can be had
   */
  public synchronized void start() {
    if (checks != null) {
      throw new IllegalStateException("already started");
    }
    apply(secret.ensure());
    informer = secret.secret().inform(new SecretChanges());
    checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "webhook-certificates");
              thread.setDaemon(true);
              return thread;
            });
    long interval = settings.checkInterval().toMillis();
    checks.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** Rotates the certificate if it is due and serves what the Secret holds. */
  public void check() {
    try {
      apply(secret.ensure());
    } catch (RuntimeException e) {
      // The current certificate keeps serving; the next check or Secret event tries again.
      LOG.error("webhook certificate check failed", e);
    }
  }

  private synchronized void apply(WebhookTls tls) {
    if (context.update(tls)) {
      LOG.info(
          "webhook serving certificate loaded, valid until {}",
          tls.certificate().getNotAfter().toInstant());
    }
    if (settings.selfSigned()) {
      caBundle.patch(tls.caBundlePem());
    }
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
    if (checks != null) {
      checks.shutdownNow();
      checks = null;
    }
  }

  private final class SecretChanges implements ResourceEventHandler<Secret> {
    @Override
    public void onAdd(Secret added) {
      changed(added);
    }

    @Override
    public void onUpdate(Secret before, Secret after) {
      changed(after);
    }

    @Override
    public void onDelete(Secret deleted, boolean unknownFinalState) {
      // Recreated at once by the next check; until then the loaded certificate keeps serving.
      LOG.warn("webhook Secret {} was deleted", settings.secretName());
      if (settings.selfSigned()) {
        check();
      }
    }

    private void changed(Secret changed) {
      WebhookTls.fromSecret(changed)
          .ifPresentOrElse(
              tls -> {
                try {
                  apply(tls);
                } catch (RuntimeException e) {
                  LOG.error("the changed webhook Secret cannot be served", e);
                }
              },
              () ->
                  LOG.warn("webhook Secret {} holds no usable certificate", settings.secretName()));
    }
  }
}
