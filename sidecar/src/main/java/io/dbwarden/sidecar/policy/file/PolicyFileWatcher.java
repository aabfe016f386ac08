package io.dbwarden.sidecar.policy.file;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a policy file's current valid version: loads it at start, where an invalid file fails
 * startup, then polls it and hands each new valid version to a listener.
 *
 * <p>Polling rather than a {@code WatchService}: a mounted ConfigMap changes by swapping a symlink
 * to a new directory, which directory watches report late, partially or not at all. Each poll
 * compares the file's stamp (modification time, size, inode, following symlinks) and, when that
 * changed or is too recent to trust, the SHA-256 of its content; only a changed content is parsed.
 *
 * <p>Whatever goes wrong after startup leaves the last good policy in force: an invalid edit, a
 * deleted or unreadable file. Each such event is logged once, with every problem as {@code FILE:
 * path: message} and the version kept, and reported to an optional rejection listener. A valid edit
 * that does not change the {@link io.dbwarden.api.policy.PolicyVersion} (comments, metadata) is not
 * passed on.
 *
 * <p>Listeners run on the polling thread, one call at a time. {@link #current()} is the version the
 * change listener last took without throwing; a version it throws on is reported as rejected.
 */
public final class PolicyFileWatcher implements Closeable {

  /** How often the file is looked at unless the builder says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(PolicyFileWatcher.class.getName());

  private final Path file;
  private final Consumer<LoadedPolicy> onChange;
  private final Consumer<PolicyFileRejection> onRejected;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final ScheduledFuture<?> polling;

  private volatile LoadedPolicy current;

  // Confined to the polling thread after construction.
  private FileStamp lastStamp;
  private byte[] lastContentHash;
  private List<PolicyProblem> unreadableReported;

  private PolicyFileWatcher(Builder builder, LoadedPolicy initial, Reading initialReading) {
    this.file = builder.file;
    this.onChange = builder.onChange;
    this.onRejected = builder.onRejected;
    this.current = initial;
    this.lastStamp = initialReading.stamp;
    this.lastContentHash = sha256(initialReading.content);
    this.ownsExecutor = builder.executor == null;
    this.executor = ownsExecutor ? daemonExecutor() : builder.executor;
    long intervalMillis = builder.interval.toMillis();
    this.polling =
        executor.scheduleWithFixedDelay(
            this::pollSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads {@code file}, hands the policy to {@code onChange} and watches the file at the {@link
   * #DEFAULT_INTERVAL} on a daemon thread of its own.
   *
   * @throws PolicyFileException listing every problem, if the file is missing or invalid
   */
  public static PolicyFileWatcher start(Path file, Consumer<LoadedPolicy> onChange)
      throws PolicyFileException {
    return builder(file).onChange(onChange).start();
  }

  /** A watcher of {@code file}, configured before it starts. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The policy in force: the last valid version read. */
  public LoadedPolicy current() {
    return current;
  }

  /** Stops polling; with an executor of its own, stops that too. Idempotent. */
  @Override
  public void close() {
    polling.cancel(false);
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep watching.
      LOG.log(Level.ERROR, "watching policy file " + file + " failed; will try again", e);
    }
  }

  /**
   * One look at the file. Runs on the polling thread; tests with an interval too long to elapse
   * call it themselves, which keeps the state confined to one thread at a time.
   */
  void poll() {
    Optional<FileStamp> stamp;
    try {
      stamp = FileStamp.of(file);
    } catch (IOException e) {
      unreadable(new PolicyFileException(file, "cannot read the file: " + e, e).problems());
      return;
    }
    if (stamp.isEmpty()) {
      lastStamp = null;
      unreadable(List.of(new PolicyProblem("", "the file is gone")));
      return;
    }
    if (stamp.get().equals(lastStamp) && stamp.get().settled(Instant.now())) {
      return;
    }
    lastStamp = stamp.get();
    byte[] content;
    try {
      content = PolicyFiles.read(file);
    } catch (PolicyFileException e) {
      // Also when it vanished between stamp and read: the next poll sees it gone.
      unreadable(e.problems());
      return;
    }
    if (unreadableReported != null) {
      // Whatever comes back after a gap is judged afresh, even content seen before it.
      unreadableReported = null;
      lastContentHash = null;
    }
    byte[] hash = sha256(content);
    if (Arrays.equals(hash, lastContentHash)) {
      return;
    }
    lastContentHash = hash;
    try {
      accept(PolicyFiles.parse(file, content));
    } catch (PolicyFileException e) {
      reject(e.problems());
    }
  }

  /** The file could not be read: reported once per distinct problem, not on every poll. */
  private void unreadable(List<PolicyProblem> problems) {
    if (!problems.equals(unreadableReported)) {
      unreadableReported = problems;
      reject(problems);
    }
  }

  private void accept(LoadedPolicy loaded) {
    LoadedPolicy previous = current;
    if (loaded.version().equals(previous.version())) {
      LOG.log(
          Level.DEBUG,
          () -> "policy file " + file + " changed, its policy did not (" + loaded.version() + ")");
      return;
    }
    try {
      onChange.accept(loaded);
    } catch (RuntimeException e) {
      // current() is what the listener holds: a version it failed to take is not in force.
      LOG.log(Level.ERROR, "policy version " + loaded.version() + " could not be applied", e);
      reject(
          List.of(
              new PolicyProblem(
                  "", "version " + loaded.version() + " could not be applied: " + e.getMessage())));
      return;
    }
    current = loaded;
    LOG.log(
        Level.INFO,
        () ->
            "policy file "
                + file
                + ": loaded version "
                + loaded.version()
                + " (was "
                + previous.version()
                + ")");
  }

  private void reject(List<PolicyProblem> problems) {
    PolicyFileRejection rejection = new PolicyFileRejection(file, problems, current.version());
    LOG.log(
        Level.WARNING,
        () ->
            "policy file "
                + file
                + " rejected, keeping version "
                + rejection.keptVersion()
                + ":\n"
                + String.join("\n", rejection.lines()));
    try {
      onRejected.accept(rejection);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "policy file rejection listener failed", e);
    }
  }

  private static ScheduledExecutorService daemonExecutor() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, "dbwarden-policy-file");
          thread.setDaemon(true);
          return thread;
        });
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The stamp taken before the content was read, so a change in between is seen next time. */
  private record Reading(FileStamp stamp, byte[] content) {}

  /** Configures a {@link PolicyFileWatcher}. */
  public static final class Builder {

    private final Path file;
    private Consumer<LoadedPolicy> onChange = policy -> {};
    private Consumer<PolicyFileRejection> onRejected = rejection -> {};
    private Duration interval = DEFAULT_INTERVAL;
    private ScheduledExecutorService executor;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file must not be null");
    }

    /** Receives the policy loaded at start, then each new valid version. */
    public Builder onChange(Consumer<LoadedPolicy> onChange) {
      this.onChange = Objects.requireNonNull(onChange, "onChange must not be null");
      return this;
    }

    /** Receives each change that was not taken, e.g. to report it to the operator. */
    public Builder onRejected(Consumer<PolicyFileRejection> onRejected) {
      this.onRejected = Objects.requireNonNull(onRejected, "onRejected must not be null");
      return this;
    }

    /** Time between two looks at the file. */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval must not be null");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Polls on this executor instead of a daemon thread of the watcher's own; not shut down. */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor must not be null");
      return this;
    }

    /**
     * Loads the file, hands the policy to {@code onChange} and starts watching.
     *
     * @throws PolicyFileException listing every problem, if the file is missing or invalid
     */
    public PolicyFileWatcher start() throws PolicyFileException {
      Reading reading = readInitial();
      LoadedPolicy initial = PolicyFiles.parse(file, reading.content);
      LOG.log(Level.INFO, () -> "policy file " + file + ": loaded version " + initial.version());
      onChange.accept(initial);
      return new PolicyFileWatcher(this, initial, reading);
    }

    private Reading readInitial() throws PolicyFileException {
      Optional<FileStamp> stamp;
      try {
        stamp = FileStamp.of(file);
      } catch (IOException e) {
        throw new PolicyFileException(file, "cannot read the file: " + e, e);
      }
      if (stamp.isEmpty()) {
        throw new PolicyFileException(file, "the file does not exist", null);
      }
      return new Reading(stamp.get(), PolicyFiles.read(file));
    }
  }
}
