package io.dbwarden.operator.injection;

import static io.dbwarden.operator.webhook.JsonPatch.pointer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.operator.webhook.JsonPatch;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Patch that injects a pod, computed against the pod exactly as the API server sent it:
 * only the paths injection owns are added or replaced, so fields the Fabric8 model does not know
 * (newer Kubernetes, other webhooks' additions) are never dropped by a round trip through it.
 * Operations are ordered so that each uses the indices the ones before it left.
 */
final class PodPatch {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PodPatch() {}

  /** The patch injecting {@code pod} (the request's {@code object}). */
  static JsonPatch of(JsonNode pod, InjectionOptions options, SidecarSettings settings) {
    JsonNode spec = pod.path("spec");
    JsonPatch patch = new JsonPatch();
    if (options.injectEnv()) {
      Map<String, String> env = AppEnvironment.of(options.listenPort());
      pointAtSidecar(patch, spec, "containers", env);
      if (options.mode() == SidecarMode.NATIVE) {
        // The native sidecar runs before every other init container (it is inserted first), so
        // they can reach the database through it too, e.g. for migrations.
        pointAtSidecar(patch, spec, "initContainers", env);
      }
    }
    List<JsonNode> volumes = new ArrayList<>();
    SidecarContainer.volumes().forEach(v -> volumes.add(json(v)));
    append(patch, spec, "volumes", volumes);
    JsonNode sidecar = json(SidecarContainer.of(settings, options));
    if (options.mode() == SidecarMode.NATIVE) {
      insertFirst(patch, spec, "initContainers", sidecar);
    } else {
      append(patch, spec, "containers", List.of(sidecar));
    }
    // A pod to inject has annotations: dbwarden.io/upstream is required.
    patch.add(
        pointer("metadata", "annotations", InjectionAnnotations.STATUS),
        JSON.textNode(InjectionAnnotations.INJECTED));
    return patch;
  }

  /**
   * Sets {@code env} in every container of {@code spec.field}. A variable the container already has
   * is replaced where it is; new ones go first, so that {@code $(PGHOST)} in the container's own
   * variables refers to them.
   */
  private static void pointAtSidecar(
      JsonPatch patch, JsonNode spec, String field, Map<String, String> env) {
    JsonNode containers = spec.path(field);
    for (int i = 0; i < containers.size(); i++) {
      JsonNode existing = containers.get(i).path("env");
      if (!existing.isArray()) {
        ArrayNode all = JSON.arrayNode();
        env.forEach((name, value) -> all.add(variable(name, value)));
        patch.add(pointer("spec", field, i, "env"), all);
        continue;
      }
      List<String> added = new ArrayList<>();
      for (Map.Entry<String, String> variable : env.entrySet()) {
        int at = indexOfName(existing, variable.getKey());
        if (at >= 0) {
          patch.replace(
              pointer("spec", field, i, "env", at),
              variable(variable.getKey(), variable.getValue()));
        } else {
          added.add(variable.getKey());
        }
      }
      for (int k = 0; k < added.size(); k++) {
        patch.add(
            pointer("spec", field, i, "env", k), variable(added.get(k), env.get(added.get(k))));
      }
    }
  }

  private static void append(JsonPatch patch, JsonNode spec, String field, List<JsonNode> items) {
    if (spec.path(field).isArray()) {
      items.forEach(item -> patch.add(pointer("spec", field, "-"), item));
    } else {
      ArrayNode all = JSON.arrayNode();
      items.forEach(all::add);
      patch.add(pointer("spec", field), all);
    }
  }

  private static void insertFirst(JsonPatch patch, JsonNode spec, String field, JsonNode item) {
    if (spec.path(field).isArray()) {
      patch.add(pointer("spec", field, 0), item);
    } else {
      patch.add(pointer("spec", field), JSON.arrayNode().add(item));
    }
  }

  /** The last variable named {@code name}: of duplicates, the kubelet uses the last. */
  private static int indexOfName(JsonNode env, String name) {
    for (int j = env.size() - 1; j >= 0; j--) {
      if (name.equals(env.get(j).path("name").asText())) {
        return j;
      }
    }
    return -1;
  }

  private static ObjectNode variable(String name, String value) {
    return JSON.objectNode().put("name", name).put("value", value);
  }

  private static JsonNode json(Object model) {
    return SERIALIZATION.convertValue(model, JsonNode.class);
  }
}
