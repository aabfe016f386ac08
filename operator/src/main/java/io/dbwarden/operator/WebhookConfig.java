package io.dbwarden.operator;

import io.dbwarden.operator.certs.CertificateSettings;
import io.dbwarden.operator.injection.SidecarSettings;
import java.util.Objects;

/**
 * How the operator serves its admission webhooks.
 *
 * @param port the HTTPS port, 0 for any free one (on the operator's HTTP host)
 * @param certificates where the serving certificate comes from
 * @param sidecar what pod injection adds
 */
public record WebhookConfig(int port, CertificateSettings certificates, SidecarSettings sidecar) {

  public WebhookConfig {
    Objects.requireNonNull(certificates, "certificates must not be null");
    Objects.requireNonNull(sidecar, "sidecar must not be null");
  }
}
