package io.dbwarden.operator.injection;

import java.util.Objects;

/**
 * What injection needs from the operator's configuration.
 *
 * @param image the sidecar image
 * @param defaultMode the mode of pods that do not choose one
 * @param operatorUrl where the sidecar opens its policy stream to the operator
 * @param operatorNamespace the operator's namespace, whose pods are never injected
 */
public record SidecarSettings(
    String image, SidecarMode defaultMode, String operatorUrl, String operatorNamespace) {

  public SidecarSettings {
    Objects.requireNonNull(image, "image must not be null");
    Objects.requireNonNull(defaultMode, "defaultMode must not be null");
    Objects.requireNonNull(operatorUrl, "operatorUrl must not be null");
    Objects.requireNonNull(operatorNamespace, "operatorNamespace must not be null");
  }
}
