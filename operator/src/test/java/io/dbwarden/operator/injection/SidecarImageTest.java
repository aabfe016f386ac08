package io.dbwarden.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The container the webhook adds runs in the sidecar image that {@code sidecar/pom.xml} builds
 * (Jib, see the parent POM): Kubernetes keeps the image's entrypoint when a container gives only
 * {@code args}, so the args must be a command line of the image's main class, and the user the
 * security context demands must be the image's.
 */
class SidecarImageTest {

  /** The repository's root: tests run in {@code operator/}. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static Container container;

  @BeforeAll
  static void inject() {
    container =
        SidecarContainer.of(
            new SidecarSettings(
                "ghcr.io/dbwarden/sidecar:test",
                SidecarMode.NATIVE,
                "ws://dbwarden-operator.dbwarden-system.svc:8081/v1/sidecars/stream",
                "dbwarden-system"),
            new InjectionOptions(
                "orders-db.shop.svc:5432",
                "orders",
                InjectionOptions.DEFAULT_LISTEN_PORT,
                "orders-db-credentials",
                true,
                SidecarMode.NATIVE));
  }

  /** A property of {@code module}'s POM ({@code ""} for the parent's). */
  private static String property(String module, String name) throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(ROOT.resolve(module).resolve("pom.xml").toFile());
    String value =
        XPathFactory.newInstance().newXPath().evaluate("/project/properties/" + name, pom).strip();
    assertThat(value).as("%s in %s/pom.xml", name, module).isNotEmpty();
    return value;
  }

  @Test
  void givesOnlyArgsSoTheImageEntrypointRuns() {
    assertThat(container.getCommand()).isNullOrEmpty();
    assertThat(container.getArgs()).isNotEmpty();
  }

  @Test
  void argsAreASubcommandOfTheImagesMainClassWithItsOptions() throws Exception {
    Object main = Class.forName(property("sidecar", "main.class")).getConstructor().newInstance();
    CommandLine cli = new CommandLine(main);
    List<String> args = container.getArgs();

    assertThat(cli.getSubcommands()).containsKey(args.get(0));
    CommandSpec subcommand = cli.getSubcommands().get(args.get(0)).getCommandSpec();
    for (String arg : args.subList(1, args.size())) {
      assertThat(arg).as("an option with its value").startsWith("--").contains("=");
      String option = arg.substring(0, arg.indexOf('='));
      assertThat(subcommand.findOption(option)).as("%s %s", args.get(0), option).isNotNull();
    }
  }

  @Test
  void runsAsTheImagesUser() throws Exception {
    long user = Long.parseLong(property("", "image.user"));

    assertThat(user).isPositive();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(user);
    assertThat(container.getSecurityContext().getRunAsGroup()).isEqualTo(user);
  }
}
