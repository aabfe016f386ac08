package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.DemoPolicy;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One proxy per test class, with the demo policy, in front of the shared PostgreSQL; its audit
 * records are cleared before each test. Register it as a static field with {@code
 * RegisterExtension}.
 */
public final class DemoProxy implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private ProxyFixture proxy;

  @Override
  public void beforeAll(ExtensionContext context) {
    proxy =
        ProxyFixture.builder(PostgresExtension.server(context))
            .policy(DemoPolicy.compiled())
            .start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    proxy.audit().clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (proxy != null) {
      proxy.close();
    }
  }

  public ProxyFixture proxy() {
    return proxy;
  }
}
