package io.dbwarden.sidecar.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dbwarden approvals}: lists and decides the approval requests of a proxy running without
 * Kubernetes, through its admin port.
 */
@Command(
    name = "approvals",
    mixinStandardHelpOptions = true,
    description = "List, approve and deny approval requests of a running proxy (run or demo).",
    subcommands = {
      ApprovalsCommand.ListRequests.class,
      ApprovalsCommand.Approve.class,
      ApprovalsCommand.Deny.class
    })
final class ApprovalsCommand {

  /** Where the proxy is and how to prove the right to decide. */
  static final class Target {
    @Option(
        names = "--admin",
        defaultValue = "http://127.0.0.1:9187",
        description = "The proxy's admin address (default: ${DEFAULT-VALUE}).")
    URI admin;

    @Option(
        names = "--token-file",
        description = "File holding the admin token (default: ~/.dbwarden/admin-token).")
    Path tokenFile;

    int send(CommandSpec spec, String method, String path, Map<String, String> parameters)
        throws Exception {
      StringBuilder query = new StringBuilder();
      for (Map.Entry<String, String> p : parameters.entrySet()) {
        if (p.getValue() != null) {
          query.append(query.length() == 0 ? "?" : "&");
          query
              .append(p.getKey())
              .append('=')
              .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
      }
      String token = AdminToken.read(tokenFile == null ? AdminToken.defaultFile() : tokenFile);
      HttpRequest request =
          HttpRequest.newBuilder(admin.resolve(path + query))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build();
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        spec.commandLine().getOut().print(response.body());
        spec.commandLine().getOut().flush();
        return 0;
      }
      spec.commandLine().getErr().print("dbwarden approvals: " + response.body());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every request, newest first, as JSON.")
  static final class ListRequests implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return target.send(spec, "GET", "/approvals", Map.of());
    }
  }

  /** What deciding takes: the request and who decides. */
  abstract static class Decision implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "The request, e.g. dbw-1a2b3c4d5e6f.")
    String name;

    @Option(
        names = "--as",
        required = true,
        paramLabel = "KIND:NAME",
        description = "Who decides, e.g. User:carol; never the requester.")
    String approver;

    @Option(names = "--group", description = "A group of the approver (repeatable).")
    List<String> groups = List.of();

    Map<String, String> parameters() {
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("name", name);
      parameters.put("approver", approver);
      parameters.put("groups", groups.isEmpty() ? null : String.join(",", groups));
      return parameters;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a pending request.")
  static final class Approve extends Decision {
    @Option(
        names = "--max-executions",
        defaultValue = "1",
        description = "How many times the statement may run (default: ${DEFAULT-VALUE}).")
    int maxExecutions;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        description = "How long the approval lasts, e.g. 30m (default: the policy's ttl).")
    String lifetime;

    @Override
    public Integer call() throws Exception {
      Map<String, String> parameters = parameters();
      parameters.put("max-executions", Integer.toString(maxExecutions));
      parameters.put("for", lifetime);
      return target.send(spec, "POST", "/approvals/approve", parameters);
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a pending request.")
  static final class Deny extends Decision {
    @Override
    public Integer call() throws Exception {
      return target.send(spec, "POST", "/approvals/deny", parameters());
    }
  }
}
