package io.dbwarden.sidecar.push;

import io.dbwarden.sidecar.policy.PolicySet;
import java.util.List;

/** Policy events for tests that do not look at them. */
public final class PolicyEventsIgnored implements PolicyEvents {

  @Override
  public void loaded(PolicySet policies, String source) {}

  @Override
  public void rejected(String source, List<String> problems) {}

  @Override
  public void cleared(String source) {}
}
