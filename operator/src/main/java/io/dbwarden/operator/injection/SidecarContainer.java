package io.dbwarden.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecar as it is added to a pod: {@code dbwarden run} with its flags, its environment from
 * the downward API, a projected service-account token for the operator's policy stream, probes on
 * its admin port, resources and a locked-down security context.
 */
public final class SidecarContainer {

  /** The container's name; a pod with a container of this name is already injected. */
  public static final String NAME = "dbwarden";

  /** The sidecar's admin port: {@code /healthz}, {@code /readyz}, {@code /metrics}. */
  public static final int ADMIN_PORT = 9187;

  /** The audience of the projected token; the operator accepts no other. */
  public static final String TOKEN_AUDIENCE = "dbwarden";

  /** Where the projected token is mounted, as {@code token}; the sidecar's default place. */
  public static final String TOKEN_DIRECTORY = "/var/run/secrets/dbwarden";

  static final String TOKEN_VOLUME = "dbwarden-token";
  static final String DATA_VOLUME = "dbwarden-data";
  static final String STATE_DIRECTORY = "/var/lib/dbwarden";

  /** The kubelet refreshes the token well before this; the API server's minimum is 10 minutes. */
  private static final long TOKEN_SECONDS = 3600;

  /** A non-root user with no home and no files in the image (the distroless "nonroot" user). */
  private static final long USER = 65532;

  /**
   * Five minutes for the first policy to arrive before the kubelet restarts the sidecar; the app
   * waits all that time in native mode, which is the point.
   */
  private static final int STARTUP_PERIOD_SECONDS = 2;

  private static final int STARTUP_FAILURES = 150;

  private SidecarContainer() {}

  /** The container for a pod with {@code options}. */
  public static Container of(SidecarSettings settings, InjectionOptions options) {
    List<String> args = new ArrayList<>();
    args.add("run");
    // Localhost only: whoever connects is taken to be this pod's workload, so nothing from
    // outside the pod may reach the proxy.
    args.add("--listen=127.0.0.1:" + options.listenPort());
    args.add("--upstream=" + options.upstream());
    // The kubelet probes the pod IP, so the admin port listens on every address.
    args.add("--admin-listen=0.0.0.0:" + ADMIN_PORT);
    // $(VAR) is expanded by the kubelet from the container's environment below.
    args.add("--workload-identity=$(POD_NAMESPACE)/$(POD_SERVICE_ACCOUNT)");
    // Policies come over the operator's push stream; the last good one is kept in the state
    // directory and enforced while the operator is away.
    args.add("--operator-url=$(DBWARDEN_OPERATOR_URL)");
    args.add("--token-file=$(DBWARDEN_TOKEN_FILE)");
    args.add("--bundle-dir=" + STATE_DIRECTORY);
    args.add("--audit-mode=" + settings.auditMode());
    List<EnvVar> env = new ArrayList<>();
    env.add(field("POD_NAME", "metadata.name"));
    env.add(field("POD_NAMESPACE", "metadata.namespace"));
    env.add(field("POD_SERVICE_ACCOUNT", "spec.serviceAccountName"));
    env.add(value("DBWARDEN_OPERATOR_URL", settings.operatorUrl()));
    env.add(value("DBWARDEN_TOKEN_FILE", TOKEN_DIRECTORY + "/token"));
    if (options.policy() != null) {
      env.add(value("DBWARDEN_POLICY", options.policy()));
    }
    if (options.credentialsSecret() != null) {
      env.add(secret("DBWARDEN_UPSTREAM_USER", options.credentialsSecret(), "username"));
      env.add(secret("DBWARDEN_UPSTREAM_PASSWORD", options.credentialsSecret(), "password"));
      args.add("--upstream-user=$(DBWARDEN_UPSTREAM_USER)");
    }
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(NAME)
            .withImage(settings.image())
            .withImagePullPolicy("IfNotPresent")
            .withArgs(args)
            .withEnv(env)
            .addNewPort()
            .withName("dbwarden-admin")
            .withContainerPort(ADMIN_PORT)
            .withProtocol("TCP")
            .endPort()
            .addNewVolumeMount()
            .withName(TOKEN_VOLUME)
            .withMountPath(TOKEN_DIRECTORY)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(DATA_VOLUME)
            .withMountPath(STATE_DIRECTORY)
            .withSubPath("state")
            .endVolumeMount()
            // The root filesystem is read-only; the JVM and Netty's native libraries need a /tmp.
            .addNewVolumeMount()
            .withName(DATA_VOLUME)
            .withMountPath("/tmp")
            .withSubPath("tmp")
            .endVolumeMount()
            .withStartupProbe(probe("/readyz", STARTUP_PERIOD_SECONDS, STARTUP_FAILURES))
            .withLivenessProbe(probe("/healthz", 10, 3))
            .withResources(settings.resources())
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(USER)
            .withRunAsGroup(USER)
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext();
    if (options.mode() == SidecarMode.NATIVE) {
      container.withRestartPolicy("Always");
    }
    return container.build();
  }

  /** The volumes the container mounts. */
  public static List<Volume> volumes() {
    return List.of(
        new VolumeBuilder()
            .withName(TOKEN_VOLUME)
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withAudience(TOKEN_AUDIENCE)
            .withExpirationSeconds(TOKEN_SECONDS)
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .build(),
        new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(ADMIN_PORT))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar field(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static EnvVar secret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
