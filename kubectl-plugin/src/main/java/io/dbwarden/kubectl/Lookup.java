package io.dbwarden.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reading one object by name, telling a missing object from a kind the cluster does not serve. */
public final class Lookup {

  private Lookup() {}

  /**
   * The object, or null when there is none.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException with code 404 when the cluster
   *     does not serve the kind (its CRD is not installed); Fabric8 answers a 404 on a get with a
   *     null either way, so a one-item list asks again
   */
  public static <T extends HasMetadata> T get(
      KubernetesClient client, Class<T> type, String namespace, String name) {
    T found = client.resources(type).inNamespace(namespace).withName(name).get();
    if (found == null) {
      client
          .resources(type)
          .inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(1L).build());
    }
    return found;
  }
}
