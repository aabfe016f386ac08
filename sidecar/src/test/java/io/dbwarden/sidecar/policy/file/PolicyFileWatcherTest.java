package io.dbwarden.sidecar.policy.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.api.policy.PolicyVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileWatcherTest {

  private static final Duration FAST = Duration.ofMillis(20);

  @TempDir Path dir;

  private final List<LoadedPolicy> changes = new CopyOnWriteArrayList<>();
  private final List<PolicyFileRejection> rejections = new CopyOnWriteArrayList<>();
  private PolicyFileWatcher watcher;

  @AfterEach
  void closeWatcher() {
    if (watcher != null) {
      watcher.close();
    }
  }

  /** A valid policy whose one rule allows {@code operation}; each operation is a version. */
  private static String policy(String operation) {
    return """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: orders
        spec:
          rules:
            - name: readers
              subjects: [{kind: Group, name: readers}]
              operations: [%s]
        """
        .formatted(operation);
  }

  private static String versionOf(String text) {
    return PolicyVersion.of(PolicyDocuments.parse(text).policy().getSpec());
  }

  private PolicyFileWatcher watch(Path file) throws PolicyFileException {
    watcher =
        PolicyFileWatcher.builder(file)
            .onChange(changes::add)
            .onRejected(rejections::add)
            .interval(FAST)
            .start();
    return watcher;
  }

  /**
   * Replaces the file's content in one step, as editors and the kubelet do: the polling thread must
   * never see a half-written file in tests that expect no rejection.
   */
  private Path replace(Path file, String text) throws IOException {
    Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), text);
    return Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private List<String> versionsSeen() {
    return changes.stream().map(LoadedPolicy::version).toList();
  }

  @Test
  void loadsAtStartAndHandsThePolicyOver() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));

    watch(file);

    assertThat(watcher.current().version()).isEqualTo(versionOf(policy("SELECT")));
    assertThat(watcher.current().source()).isEqualTo(file);
    assertThat(watcher.current().policy().getMetadata().getName()).isEqualTo("orders");
    assertThat(changes).containsExactly(watcher.current());
  }

  @Test
  void refusesToStartWithAnInvalidFileListingEveryProblem() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("policy.yaml"), policy("SELCT") + "  engine: oracle\n  rulez: []\n");

    assertThatThrownBy(() -> watch(file))
        .isInstanceOfSatisfying(
            PolicyFileException.class,
            e -> {
              assertThat(e.lines())
                  .containsExactly(
                      file
                          + ": spec.rules[0].operations[0]: unknown operation \"SELCT\" (did you"
                          + " mean SELECT?)",
                      file
                          + ": spec.engine: unknown engine \"oracle\" (expected postgres or mysql)",
                      file + ": spec.rulez: unknown field \"rulez\" (did you mean rules?)");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "policy file " + file + " has 3 problems:\n" + String.join("\n", e.lines()));
            });
    assertThat(changes).isEmpty();
  }

  @Test
  void refusesToStartWithoutTheFile() {
    Path file = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> watch(file))
        .isInstanceOf(PolicyFileException.class)
        .hasMessage(
            "policy file " + file + " has 1 problem:\n" + file + ": the file does not exist");
  }

  @Test
  void reloadsWhenTheFileChanges() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
    watch(file);

    replace(file, policy("INSERT"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(versionsSeen())
                    .containsExactly(versionOf(policy("SELECT")), versionOf(policy("INSERT"))));
    assertThat(watcher.current().version()).isEqualTo(versionOf(policy("INSERT")));
    assertThat(rejections).isEmpty();
  }

  @Test
  void keepsTheLastGoodPolicyThroughABadEditAndReportsIt() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
    watch(file);
    String good = watcher.current().version();

    replace(file, policy("SELECT, ALL") + "  defaultAction: maybe\n");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rejections).hasSize(1));
    PolicyFileRejection rejection = rejections.get(0);
    assertThat(rejection.keptVersion()).isEqualTo(good);
    assertThat(rejection.source()).isEqualTo(file);
    assertThat(rejection.lines())
        .containsExactly(
            file + ": spec.rules[0].operations: ALL cannot be combined with other operations",
            file + ": spec.defaultAction: unknown action \"maybe\" (expected allow or deny)");
    assertThat(watcher.current().version()).isEqualTo(good);

    replace(file, policy("UPDATE"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(versionsSeen()).containsExactly(good, versionOf(policy("UPDATE"))));
    // The bad edit was reported once, not on every poll.
    assertThat(rejections).hasSize(1);
  }

  @Test
  void followsAConfigMapSymlinkSwap() throws IOException {
    // The layout the kubelet writes: file -> ..data/file, ..data -> ..<timestamp>/, swapped by
    // renaming a new ..data symlink over the old one.
    Path first = Files.createDirectory(dir.resolve("..2025_01_01_00_00_00.1"));
    Files.writeString(first.resolve("policy.yaml"), policy("SELECT"));
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path file =
        Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data", "policy.yaml"));
    watch(file);

    Path second = Files.createDirectory(dir.resolve("..2025_01_01_00_01_00.2"));
    Files.writeString(second.resolve("policy.yaml"), policy("DELETE"));
    Path newData = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(newData, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    Files.delete(first.resolve("policy.yaml"));
    Files.delete(first);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(watcher.current().version()).isEqualTo(versionOf(policy("DELETE"))));
    assertThat(versionsSeen())
        .containsExactly(versionOf(policy("SELECT")), versionOf(policy("DELETE")));
    assertThat(watcher.current().source()).isEqualTo(file);
    assertThat(rejections).isEmpty();
  }

  @Test
  void keepsTheLastGoodPolicyWhenTheFileIsDeleted() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
    watch(file);
    String good = watcher.current().version();

    Files.delete(file);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(rejections)
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.lines()).containsExactly(file + ": the file is gone");
                          assertThat(r.keptVersion()).isEqualTo(good);
                        }));
    assertThat(watcher.current().version()).isEqualTo(good);

    replace(file, policy("INSERT"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(versionsSeen()).containsExactly(good, versionOf(policy("INSERT"))));
    assertThat(rejections).hasSize(1);
  }

  @Test
  void closingStopsPollingOnAGivenExecutorWithoutShuttingItDown() throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    executor.setRemoveOnCancelPolicy(true);
    try {
      PolicyFileWatcher watching =
          // Long enough that the polling task always waits in the queue while the test looks.
          PolicyFileWatcher.builder(file).interval(Duration.ofHours(1)).executor(executor).start();
      assertThat(executor.getQueue()).hasSize(1);

      watching.close();

      assertThat(executor.getQueue()).isEmpty();
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * The watcher's decisions poll by poll: the scheduler never fires within these tests, the test
   * thread calls {@link PolicyFileWatcher#poll()} itself.
   */
  @Nested
  class PollByPoll {

    private PolicyFileWatcher manual(Path file, Consumer<LoadedPolicy> onChange)
        throws PolicyFileException {
      watcher =
          PolicyFileWatcher.builder(file)
              .onChange(onChange)
              .onRejected(rejections::add)
              .interval(Duration.ofHours(1))
              .start();
      return watcher;
    }

    @Test
    void seesAnEditThatKeepsSizeModificationTimeAndInode() throws IOException {
      // SELECT and INSERT have the same length; the file keeps its inode when rewritten in place.
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      FileTime modified = Files.getLastModifiedTime(file);
      manual(file, changes::add);

      Files.writeString(file, policy("INSERT"));
      Files.setLastModifiedTime(file, modified);
      watcher.poll();

      assertThat(watcher.current().version()).isEqualTo(versionOf(policy("INSERT")));
    }

    @Test
    void reportsABadEditOnce() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      manual(file, changes::add);

      Files.writeString(file, policy("SELECT") + "  engine: oracle\n");
      watcher.poll();
      watcher.poll();
      watcher.poll();

      assertThat(rejections)
          .singleElement()
          .extracting(PolicyFileRejection::lines)
          .isEqualTo(
              List.of(
                  file + ": spec.engine: unknown engine \"oracle\" (expected postgres or mysql)"));
      assertThat(changes).hasSize(1);
    }

    @Test
    void passesOnNoEditThatLeavesThePolicyAlone() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      manual(file, changes::add);

      Files.writeString(file, "# a comment and a label change nothing\n" + policy("SELECT"));
      watcher.poll();
      Files.writeString(
          file, policy("SELECT").replace("name: orders", "name: orders\n  labels: {a: b}"));
      watcher.poll();

      assertThat(changes).hasSize(1);
      assertThat(rejections).isEmpty();
      assertThat(watcher.current().policy().getMetadata().getLabels()).isEmpty();
    }

    @Test
    void keepsTheVersionTheListenerFailedToTake() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      String failing = versionOf(policy("INSERT"));
      manual(
          file,
          loaded -> {
            if (loaded.version().equals(failing)) {
              throw new IllegalStateException("cannot install");
            }
            changes.add(loaded);
          });

      Files.writeString(file, policy("INSERT"));
      watcher.poll();

      assertThat(watcher.current().version()).isEqualTo(versionOf(policy("SELECT")));
      assertThat(rejections)
          .singleElement()
          .extracting(PolicyFileRejection::lines)
          .isEqualTo(
              List.of(file + ": version " + failing + " could not be applied: cannot install"));

      Files.writeString(file, policy("UPDATE"));
      watcher.poll();

      assertThat(watcher.current().version()).isEqualTo(versionOf(policy("UPDATE")));
      assertThat(versionsSeen())
          .containsExactly(versionOf(policy("SELECT")), versionOf(policy("UPDATE")));
    }

    @Test
    void reportsAGoneFileOnceAndJudgesWhatComesBackAfresh() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      manual(file, changes::add);
      String bad = policy("SELECT") + "  engine: oracle\n";
      Files.writeString(file, bad);
      watcher.poll();

      Files.delete(file);
      watcher.poll();
      watcher.poll();
      Files.writeString(file, bad);
      watcher.poll();

      assertThat(rejections)
          .extracting(rejection -> rejection.problems().get(0).message())
          .containsExactly(
              "unknown engine \"oracle\" (expected postgres or mysql)",
              "the file is gone",
              "unknown engine \"oracle\" (expected postgres or mysql)");
      assertThat(watcher.current().version()).isEqualTo(versionOf(policy("SELECT")));
    }

    @Test
    void reportsATooLargeFile() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      manual(file, changes::add);

      Files.write(file, new byte[PolicyFiles.MAX_BYTES + 1]);
      watcher.poll();
      watcher.poll();

      assertThat(rejections)
          .singleElement()
          .extracting(PolicyFileRejection::lines)
          .isEqualTo(List.of(file + ": the file is larger than 2 MiB"));
    }

    @Test
    void reportsAFileThatIsNotText() throws IOException {
      Path file = Files.writeString(dir.resolve("policy.yaml"), policy("SELECT"));
      manual(file, changes::add);

      Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
      watcher.poll();

      assertThat(rejections)
          .singleElement()
          .extracting(PolicyFileRejection::lines)
          .isEqualTo(List.of(file + ": the file is not UTF-8 text"));
    }
  }
}
