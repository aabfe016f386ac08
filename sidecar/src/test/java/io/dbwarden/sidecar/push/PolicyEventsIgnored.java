package io.dbwarden.sidecar.push;

import io.dbwarden.sidecar.policy.CompiledPolicy;
import java.util.List;

/** Policy events for tests that do not look at them. */
public final class PolicyEventsIgnored implements PolicyEvents {

  @Override
  public void loaded(CompiledPolicy policy, String source) {}

  @Override
  public void rejected(String source, List<String> problems) {}

  @Override
  public void cleared(String source) {}
}
