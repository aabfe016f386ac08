package io.dbwarden.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A pod's sidecar configuration, read from its annotations and checked.
 *
 * @param upstream the database, {@code host:port}
 * @param policy the {@code DatabasePolicy} name; null when the operator picks by selector
 * @param listenPort the sidecar's port on localhost
 * @param credentialsSecret the Secret with the database login; null to relay the app's own login
 * @param injectEnv whether app containers get {@code PGHOST}, {@code PGPORT} and {@code
 *     DBWARDEN_URL}
 * @param mode how the sidecar runs
 */
public record InjectionOptions(
    String upstream,
    String policy,
    int listenPort,
    String credentialsSecret,
    boolean injectEnv,
    SidecarMode mode) {

  public static final int DEFAULT_LISTEN_PORT = 6432;

  /** DNS-1123 subdomain: the names of Secrets and custom resources. */
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final Pattern HOSTNAME =
      Pattern.compile(
          "[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*");

  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+]");

  private static final int MAX_SUBDOMAIN = 253;

  public InjectionOptions {
    Objects.requireNonNull(upstream, "upstream must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
  }

  /**
   * The options {@code pod}'s annotations give.
   *
   * @throws InvalidAnnotationsException naming every annotation that is wrong and why
   */
  public static InjectionOptions of(Pod pod, SidecarMode defaultMode)
      throws InvalidAnnotationsException {
    Map<String, String> annotations =
        pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
            ? Map.of()
            : pod.getMetadata().getAnnotations();
    List<String> problems = new ArrayList<>();

    String upstream = annotations.get(InjectionAnnotations.UPSTREAM);
    if (upstream == null) {
      problems.add(
          InjectionAnnotations.UPSTREAM
              + ": required, the database as host:port (e.g. orders-db.shop.svc:5432)");
    } else if (!isHostPort(upstream)) {
      problems.add(
          InjectionAnnotations.UPSTREAM
              + ": \""
              + upstream
              + "\" is not host:port (e.g. orders-db.shop.svc:5432)");
    }

    String policy = annotations.get(InjectionAnnotations.POLICY);
    checkName(InjectionAnnotations.POLICY, policy, problems);
    String secret = annotations.get(InjectionAnnotations.CREDENTIALS_SECRET);
    checkName(InjectionAnnotations.CREDENTIALS_SECRET, secret, problems);

    int listenPort = listenPort(pod, annotations.get(InjectionAnnotations.LISTEN_PORT), problems);

    boolean injectEnv = true;
    String env = annotations.get(InjectionAnnotations.INJECT_ENV);
    if (env != null) {
      if (env.equals("true") || env.equals("false")) {
        injectEnv = Boolean.parseBoolean(env);
      } else {
        problems.add(InjectionAnnotations.INJECT_ENV + ": \"" + env + "\" is not true or false");
      }
    }

    SidecarMode mode = defaultMode;
    String modeName = annotations.get(InjectionAnnotations.SIDECAR_MODE);
    if (modeName != null) {
      try {
        mode = SidecarMode.parse(modeName);
      } catch (IllegalArgumentException e) {
        problems.add(InjectionAnnotations.SIDECAR_MODE + ": " + e.getMessage());
      }
    }

    if (!problems.isEmpty()) {
      throw new InvalidAnnotationsException(problems);
    }
    return new InjectionOptions(upstream, policy, listenPort, secret, injectEnv, mode);
  }

  private static int listenPort(Pod pod, String value, List<String> problems) {
    if (value == null) {
      return DEFAULT_LISTEN_PORT;
    }
    String annotation = InjectionAnnotations.LISTEN_PORT + ": \"" + value + "\" ";
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      problems.add(annotation + "is not a port number");
      return DEFAULT_LISTEN_PORT;
    }
    if (port < 1 || port > 65535) {
      problems.add(annotation + "is not a port number (1-65535)");
    } else if (port == SidecarContainer.ADMIN_PORT) {
      problems.add(annotation + "is the sidecar's admin port; choose another");
    } else {
      containersOf(pod)
          .filter(c -> c.getPorts() != null)
          .filter(
              c ->
                  c.getPorts().stream()
                      .map(ContainerPort::getContainerPort)
                      .anyMatch(p -> p != null && p == port))
          .findFirst()
          .ifPresent(
              c -> problems.add(annotation + "is already a port of container " + c.getName()));
    }
    return port;
  }

  private static void checkName(String annotation, String value, List<String> problems) {
    if (value != null && (value.length() > MAX_SUBDOMAIN || !SUBDOMAIN.matcher(value).matches())) {
      problems.add(
          annotation
              + ": \""
              + value
              + "\" is not a Kubernetes object name (lower case letters, digits, '-' and '.')");
    }
  }

  private static boolean isHostPort(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    String host = value.substring(0, colon);
    String port = value.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return false;
    }
    return IPV6.matcher(host).matches()
        || (host.length() <= MAX_SUBDOMAIN && HOSTNAME.matcher(host).matches());
  }

  /** Every container of {@code pod}, init containers first. */
  static Stream<Container> containersOf(Pod pod) {
    if (pod.getSpec() == null) {
      return Stream.empty();
    }
    return Stream.concat(
        pod.getSpec().getInitContainers() == null
            ? Stream.empty()
            : pod.getSpec().getInitContainers().stream(),
        pod.getSpec().getContainers() == null
            ? Stream.empty()
            : pod.getSpec().getContainers().stream());
  }
}
