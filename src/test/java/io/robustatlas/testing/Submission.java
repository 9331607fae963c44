package io.robustatlas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One {@code ./submit.sh} run in its own process, as a user or a scheduler starts it, with its
 * output in a log file. Killing it kills the whole tree (the script and the Spark driver JVM it
 * started), the way a scheduler ends a job.
 */
public final class Submission {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final Process process;
  private final Path log;

  private Submission(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code ./submit.sh args...} in the project folder; SPARK_HOME is not passed on. */
  public static Submission start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("./submit.sh"));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("SPARK_HOME");
    return new Submission(builder.start(), log);
  }

  /** Runs {@code ./submit.sh args...} to the end and returns its exit code. */
  public static int run(Path log, List<String> args) throws IOException {
    return start(log, args).waitForExit();
  }

  public int waitForExit() {
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new IllegalStateException("submit.sh did not finish within " + TIMEOUT + "; " + log);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("Interrupted waiting for submit.sh", e);
    }
  }

  /**
   * Waits until {@code condition} holds, polling; fails if the run ends first or takes too long.
   */
  public void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "submit.sh ended (exit " + process.exitValue() + ") before " + what + "; " + log);
      }
      if (System.nanoTime() > deadline) {
        kill();
        throw new IllegalStateException("Timed out waiting for " + what + "; " + log);
      }
      Processes.sleep(Duration.ofMillis(100));
    }
  }

  /** SIGKILL to the script and every process under it: no clean-up runs. */
  public void kill() {
    Processes.killTree(process.toHandle());
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
