package io.dbwarden.sidecar.demo;

import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo's policy: analysts read the shop's tables (never its API keys, at most 1000 rows), DBAs
 * may do anything the default guardrails allow, deleting customers needs approval.
 */
public final class DemoPolicy {

  private static final String RESOURCE = "policy.yaml";

  private DemoPolicy() {}

  /** The policy document as shipped, for printing and for users to copy. */
  public static String text() {
    try (InputStream in = DemoPolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("demo policy missing from the jar: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CompiledPolicy compiled() {
    // A shipped policy that does not validate is a bug; policy() then throws with every problem.
    return PolicyCompiler.compile(PolicyDocuments.parse(text()).policy());
  }
}
