package io.dbwarden.sidecar.push;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.dbwarden.sidecar.policy.SwitchableDecider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The policies a sidecar enforces when the operator pushes them: takes bundles (the saved one at
 * startup, then each one the stream delivers), checks and compiles them, puts the good ones in
 * force and on disk, and answers ACK or NACK. Until the first good bundle every statement is
 * refused. Bundles are taken one at a time (the stream's thread); the decider is read by every
 * connection.
 */
public final class PushedPolicy implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PushedPolicy.class.getName());

  private static final String SOURCE = "operator";

  private final BundleStore store;
  private final Function<PolicySet, PolicyEngine> engines;
  private final PolicyEvents events;
  private final SwitchableDecider decider =
      new SwitchableDecider(
          "no-policy",
          "no policy has been received from the operator yet, so no statement may run",
          "try again once the sidecar is ready (its /readyz); its log says why it has no policy");
  private PolicyEngine engine;
  private volatile PolicyBundle current;
  private volatile List<String> policyNames = List.of();

  /**
   * @param store where the last good bundle is kept
   * @param engines makes the policy engine when the first policies arrive
   * @param events records what was loaded and refused
   */
  public PushedPolicy(
      BundleStore store, Function<PolicySet, PolicyEngine> engines, PolicyEvents events) {
    this.store = Objects.requireNonNull(store, "store must not be null");
    this.engines = Objects.requireNonNull(engines, "engines must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
  }

  /** The decision step, whatever is in force. */
  public StatementDecider decider() {
    return decider;
  }

  /** The version of the bundle in force; empty before the first. */
  public Optional<String> version() {
    PolicyBundle bundle = current;
    return bundle == null ? Optional.empty() : Optional.of(bundle.version());
  }

  /** The names of the policies in force; empty when none is. */
  public List<String> policyNames() {
    return policyNames;
  }

  /**
   * Puts the saved bundle in force, if there is a good one: a sidecar restarted while the operator
   * is away goes on enforcing it.
   */
  public synchronized void loadSaved() {
    Optional<PolicyBundle> saved;
    try {
      saved = store.load();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "no saved bundle is used: {0}", e.getMessage());
      return;
    }
    if (saved.isEmpty()) {
      LOG.log(Level.INFO, "no saved bundle: statements are refused until the operator sends one");
      return;
    }
    try {
      enforce(saved.get(), "saved bundle");
      LOG.log(Level.INFO, "saved bundle {0} is in force", saved.get().version());
    } catch (BundleRejectedException e) {
      LOG.log(Level.WARNING, "the saved bundle is not used: {0}", e.getMessage());
    }
  }

  /** Takes a bundle from the operator: the answer says whether it is in force now. */
  public synchronized StreamMessage apply(PolicyBundle bundle) {
    Objects.requireNonNull(bundle, "bundle must not be null");
    PolicyBundle before = current;
    if (before != null && before.version().equals(bundle.version())) {
      return new StreamMessage.Ack(bundle.version());
    }
    try {
      enforce(bundle, SOURCE);
    } catch (BundleRejectedException e) {
      LOG.log(
          Level.WARNING,
          "bundle {0} refused, keeping {1}: {2}",
          bundle.version(),
          before == null ? "none" : before.version(),
          e.getMessage());
      events.rejected(SOURCE, List.of(e.getMessage()));
      return new StreamMessage.Nack(bundle.version(), e.getMessage());
    }
    try {
      store.save(bundle);
    } catch (IOException e) {
      // Enforced, so acknowledged; a restart before the next save falls back to the older one.
      LOG.log(
          Level.WARNING, "bundle {0} is in force but could not be saved: {1}", bundle.version(), e);
    }
    LOG.log(Level.INFO, "bundle {0} is in force", bundle.version());
    return new StreamMessage.Ack(bundle.version());
  }

  private void enforce(PolicyBundle bundle, String source) throws BundleRejectedException {
    List<DatabasePolicy> policies;
    try {
      policies = BundleCheck.policiesOf(bundle);
    } catch (RuntimeException e) {
      throw new BundleRejectedException("the bundle cannot be read: " + e.getMessage());
    }
    if (policies.isEmpty()) {
      decider.refuseAll(
          "no-policy",
          "no DatabasePolicy selects this pod, so no statement may run",
          "ask the owners of the database to write a policy that selects this workload");
      current = bundle;
      policyNames = List.of();
      events.cleared(source);
      return;
    }
    List<CompiledPolicy> members = new ArrayList<>();
    for (DatabasePolicy policy : policies) {
      members.add(compile(policy));
    }
    PolicySet compiled = new PolicySet(members);
    if (engine == null) {
      engine = engines.apply(compiled);
    } else {
      engine.decider().policyChanged(compiled);
    }
    decider.use(engine.decider());
    current = bundle;
    policyNames = bundle.policyNames();
    events.loaded(compiled, source);
  }

  private static CompiledPolicy compile(DatabasePolicy policy) throws BundleRejectedException {
    try {
      return PolicyCompiler.compile(policy);
    } catch (RuntimeException e) {
      throw new BundleRejectedException(
          "policy " + policy.getMetadata().getName() + " cannot be compiled: " + e);
    }
  }

  @Override
  public synchronized void close() {
    if (engine != null) {
      engine.close();
    }
  }
}
