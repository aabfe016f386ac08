package io.dbwarden.operator.injection;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Objects;

/**
 * What injection needs from the operator's configuration.
 *
 * @param image the sidecar image
 * @param defaultMode the mode of pods that do not choose one
 * @param operatorUrl where the sidecar opens its policy stream to the operator
 * @param operatorNamespace the operator's namespace, whose pods are never injected
 * @param resources the sidecar container's requests and limits
 * @param auditMode the sidecar's audit mode, {@code strict} or {@code best-effort}
 */
public record SidecarSettings(
    String image,
    SidecarMode defaultMode,
    String operatorUrl,
    String operatorNamespace,
    ResourceRequirements resources,
    String auditMode) {

  /** 100m CPU and 192Mi requested, 512Mi at most: what a sidecar proxying one pod needs. */
  public static final ResourceRequirements DEFAULT_RESOURCES =
      new ResourceRequirementsBuilder()
          .addToRequests("cpu", new Quantity("100m"))
          .addToRequests("memory", new Quantity("192Mi"))
          .addToLimits("memory", new Quantity("512Mi"))
          .build();

  /** The default resources and strict audit. */
  public SidecarSettings(
      String image, SidecarMode defaultMode, String operatorUrl, String operatorNamespace) {
    this(image, defaultMode, operatorUrl, operatorNamespace, DEFAULT_RESOURCES, "strict");
  }

  public SidecarSettings {
    Objects.requireNonNull(image, "image must not be null");
    Objects.requireNonNull(defaultMode, "defaultMode must not be null");
    Objects.requireNonNull(operatorUrl, "operatorUrl must not be null");
    Objects.requireNonNull(operatorNamespace, "operatorNamespace must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    if (!auditMode.equals("strict") && !auditMode.equals("best-effort")) {
      throw new IllegalArgumentException(
          "the sidecar's audit mode is strict or best-effort, not " + auditMode);
    }
  }
}
