package io.dbwarden.helm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The image a module's POM builds with Jib, read from the POMs themselves: the parent's {@code
 * pluginManagement} configuration, merged with the module's, with both POMs' properties resolved
 * the way Maven resolves them (the module's win). No image is built: this is what {@code ./mvnw
 * -Pimages package} would build.
 *
 * @param repository the image without its tag, e.g. {@code ghcr.io/dbwarden/operator}
 * @param tag the image's tag
 * @param user the user the image runs as, {@code uid:gid}
 * @param mainClass the class Jib's entrypoint runs
 * @param jarMainClass the shaded jar's {@code Main-Class}
 * @param ownEntrypoint whether the configuration replaces Jib's entrypoint
 * @param ownArgs whether the configuration sets the image's arguments
 * @param ports the ports the image exposes
 * @param environment the image's environment
 * @param executions the executions bound to the lifecycle without a profile
 * @param imagesProfile the goals and phases ({@code goal@phase}) the {@code images} profile binds
 */
record JibImage(
    String repository,
    String tag,
    String user,
    String mainClass,
    String jarMainClass,
    boolean ownEntrypoint,
    boolean ownArgs,
    List<String> ports,
    Map<String, String> environment,
    int executions,
    List<String> imagesProfile) {

  private static final String JIB = "plugin[artifactId='jib-maven-plugin']";

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  /** The image of {@code module}, e.g. {@code "operator"}. */
  static JibImage of(String module) {
    Document parent = parse(Chart.ROOT.resolve("pom.xml"));
    Document child = parse(Chart.ROOT.resolve(module).resolve("pom.xml"));
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("project.version", text(parent, "/project/version"));
    properties.putAll(properties(parent));
    properties.putAll(properties(child));
    Element managed = element(parent, "/project/build/pluginManagement/plugins/" + JIB);
    Element own = element(child, "/project/build/plugins/" + JIB);
    if (managed == null || own == null) {
      throw new AssertionError(module + " declares no image (jib-maven-plugin)");
    }
    Node container = node(managed, "configuration/container");
    String image = resolve(text(managed, "configuration/to/image"), properties);
    int colon = image.lastIndexOf(':');
    Map<String, String> environment = new LinkedHashMap<>();
    for (Node variable : nodes(container, "environment/*")) {
      environment.put(variable.getNodeName(), resolve(variable.getTextContent(), properties));
    }
    List<String> imagesProfile = new ArrayList<>();
    for (Node execution :
        nodes(parent, "/project/profiles/profile[id='images']//" + JIB + "/executions/execution")) {
      for (Node goal : nodes(execution, "goals/goal")) {
        imagesProfile.add(goal.getTextContent().strip() + "@" + text(execution, "phase").strip());
      }
    }
    List<String> ports = new ArrayList<>();
    for (Node port : nodes(own, "configuration/container/ports/port")) {
      ports.add(resolve(port.getTextContent(), properties));
    }
    return new JibImage(
        image.substring(0, colon),
        image.substring(colon + 1),
        resolve(text(container, "user"), properties),
        resolve(text(container, "mainClass"), properties),
        resolve(
            text(child, "//plugin[artifactId='maven-shade-plugin']//transformer/mainClass"),
            properties),
        !nodes(managed, ".//entrypoint").isEmpty() || !nodes(own, ".//entrypoint").isEmpty(),
        !nodes(container, "args").isEmpty()
            || !nodes(own, "configuration/container/args").isEmpty(),
        List.copyOf(ports),
        Map.copyOf(environment),
        nodes(managed, "executions/execution").size() + nodes(own, "executions/execution").size(),
        List.copyOf(imagesProfile));
  }

  /** The numeric user id of {@link #user}. */
  long uid() {
    return Long.parseLong(user.substring(0, user.indexOf(':')));
  }

  /** The numeric group id of {@link #user}. */
  long gid() {
    return Long.parseLong(user.substring(user.indexOf(':') + 1));
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher matcher = PROPERTY.matcher(value.strip());
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement = properties.get(name);
      if (replacement == null) {
        throw new AssertionError("${" + name + "} is not a property of the POMs");
      }
      matcher.appendReplacement(
          resolved, Matcher.quoteReplacement(resolve(replacement, properties)));
    }
    return matcher.appendTail(resolved).toString();
  }

  private static Map<String, String> properties(Document pom) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Node property : nodes(pom, "/project/properties/*")) {
      properties.put(property.getNodeName(), property.getTextContent().strip());
    }
    return properties;
  }

  private static Document parse(Path pom) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalStateException("cannot read " + pom, e);
    }
  }

  private static String text(Object context, String path) {
    Node node = node(context, path);
    if (node == null) {
      throw new AssertionError("no " + path + " in the image's configuration");
    }
    return node.getTextContent();
  }

  private static Element element(Object context, String path) {
    return (Element) node(context, path);
  }

  private static Node node(Object context, String path) {
    List<Node> found = nodes(context, path);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Node> nodes(Object context, String path) {
    XPath xpath = XPathFactory.newInstance().newXPath();
    try {
      NodeList list = (NodeList) xpath.evaluate(path, context, XPathConstants.NODESET);
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < list.getLength(); i++) {
        nodes.add(list.item(i));
      }
      return nodes;
    } catch (XPathExpressionException e) {
      throw new IllegalArgumentException(path, e);
    }
  }
}
