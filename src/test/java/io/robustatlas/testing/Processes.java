package io.robustatlas.testing;

import java.time.Duration;

/** Process helpers for tests that start JVMs and scripts and must never leave them running. */
public final class Processes {
  private Processes() {}

  /** SIGKILL to {@code process} and every process under it; returns once they have ended. */
  public static void killTree(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.onExit().join();
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
