package io.dbwarden.operator.certs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code clientConfig.caBundle} of every webhook in the operator's Mutating- and
 * ValidatingWebhookConfiguration equal to the CA bundle, so the API server trusts the serving
 * certificate. A configuration that does not exist (the chart left the validating one out) is
 * skipped; one already current is not written.
 */
public final class CaBundlePatcher {

  private static final Logger LOG = LoggerFactory.getLogger(CaBundlePatcher.class);

  private final KubernetesClient client;
  private final String configurationName;

  public CaBundlePatcher(KubernetesClient client, String configurationName) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.configurationName =
        Objects.requireNonNull(configurationName, "configurationName must not be null");
  }

  /** Puts {@code caBundlePem} into both configurations. */
  public void patch(String caBundlePem) {
    String caBundle =
        Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.US_ASCII));
    var admission = client.admissionRegistration().v1();
    patch(
        admission.mutatingWebhookConfigurations().withName(configurationName),
        (MutatingWebhookConfiguration c) ->
            clientConfigs(c.getWebhooks(), MutatingWebhook::getClientConfig),
        caBundle);
    patch(
        admission.validatingWebhookConfigurations().withName(configurationName),
        (ValidatingWebhookConfiguration c) ->
            clientConfigs(c.getWebhooks(), ValidatingWebhook::getClientConfig),
        caBundle);
  }

  private <T extends HasMetadata> void patch(
      Resource<T> resource, Function<T, List<WebhookClientConfig>> clientConfigs, String caBundle) {
    T current = resource.get();
    if (current == null
        || clientConfigs.apply(current).stream().allMatch(c -> caBundle.equals(c.getCaBundle()))) {
      return;
    }
    resource.edit(
        configuration -> {
          clientConfigs.apply(configuration).forEach(c -> c.setCaBundle(caBundle));
          return configuration;
        });
    LOG.info("caBundle patched into {} {}", current.getKind(), configurationName);
  }

  private static <W> List<WebhookClientConfig> clientConfigs(
      List<W> webhooks, Function<W, WebhookClientConfig> clientConfig) {
    return webhooks == null
        ? List.of()
        : webhooks.stream().map(clientConfig).filter(Objects::nonNull).toList();
  }
}
