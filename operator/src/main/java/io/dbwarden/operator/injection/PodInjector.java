package io.dbwarden.operator.injection;

import io.dbwarden.operator.webhook.AdmissionController;
import io.dbwarden.operator.webhook.AdmissionRequest;
import io.dbwarden.operator.webhook.AdmissionResponse;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mutating webhook for pods. On CREATE of a pod labelled {@code dbwarden.io/inject: "true"} it
 * adds the sidecar; a pod already injected, a {@code hostNetwork} pod and a pod in the operator's
 * namespace are left as they are, and a pod with wrong annotations is refused with a message naming
 * them.
 */
public final class PodInjector implements AdmissionController {

  /** The path the MutatingWebhookConfiguration sends pods to. */
  public static final String PATH = "/inject";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final SidecarSettings settings;

  public PodInjector(SidecarSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  @Override
  public AdmissionResponse review(AdmissionRequest request) {
    if (!"Pod".equals(request.kind()) || !"CREATE".equals(request.operation())) {
      return AdmissionResponse.allow();
    }
    Pod pod = SERIALIZATION.convertValue(request.object(), Pod.class);
    Map<String, String> labels =
        pod.getMetadata() == null || pod.getMetadata().getLabels() == null
            ? Map.of()
            : pod.getMetadata().getLabels();
    if (!"true".equals(labels.get(InjectionAnnotations.INJECT)) || injected(pod)) {
      return AdmissionResponse.allow();
    }
    if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      // On the node's network the sidecar's localhost port would be open to every pod there.
      return AdmissionResponse.allowWithWarning(
          "dbwarden: hostNetwork pods are never injected; this pod runs without the sidecar");
    }
    if (settings.operatorNamespace().equals(request.namespace())) {
      // The operator must start without itself: its pods must never wait for a policy it serves.
      return AdmissionResponse.allowWithWarning(
          "dbwarden: pods in the operator's namespace are never injected");
    }
    InjectionOptions options;
    try {
      options = InjectionOptions.of(pod, settings.defaultMode());
    } catch (InvalidAnnotationsException e) {
      return AdmissionResponse.deny("dbwarden: " + e.getMessage());
    }
    String clash = volumeClash(pod);
    if (clash != null) {
      return AdmissionResponse.deny(
          "dbwarden: the pod already has a volume named "
              + clash
              + ", which the sidecar needs; rename it");
    }
    return AdmissionResponse.patch(PodPatch.of(request.object(), options, settings));
  }

  /** The name of a volume of {@code pod} the sidecar would add again, or null. */
  private static String volumeClash(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return null;
    }
    Set<String> ours =
        SidecarContainer.volumes().stream().map(Volume::getName).collect(Collectors.toSet());
    return pod.getSpec().getVolumes().stream()
        .map(Volume::getName)
        .filter(ours::contains)
        .findFirst()
        .orElse(null);
  }

  private static boolean injected(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return (annotations != null
            && InjectionAnnotations.INJECTED.equals(annotations.get(InjectionAnnotations.STATUS)))
        || InjectionOptions.containersOf(pod)
            .anyMatch(c -> SidecarContainer.NAME.equals(c.getName()));
  }
}
