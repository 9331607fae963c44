package io.robustatlas.run;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.AtlasException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder's lock on the local file system through Hadoop's FileSystem API. */
class OutputLockTest {
  private static final Configuration HADOOP = new Configuration();

  @TempDir Path out;

  private OutputLock acquire(String token, boolean force) {
    return OutputLock.acquire(HADOOP, out.toString(), "train", token, force);
  }

  private Path lockFile() {
    return out.resolve(OutputLock.FILE_NAME);
  }

  @Test
  void aSecondRunStopsAndIsToldWhoHoldsTheFolder() throws Exception {
    try (OutputLock held = acquire("first", false)) {
      String message = assertBadInput(AtlasException.class, () -> acquire("second", false));
      String expected =
          "Output folder " + out + " is in use by another run: " + System.getProperty("user.name")
              + " on " + InetAddress.getLocalHost().getHostName() + " (pid "
              + ProcessHandle.current().pid() + ", stage train, started ";
      assertTrue(message.startsWith(expected), message);
      assertTrue(message.endsWith("); wait for it to finish or use another --out"), message);
      assertBadInput(AtlasException.class, () -> acquire("second", true));
    }
    assertFalse(Files.exists(lockFile()), "released");
  }

  @Test
  void theSameRunsNextStageTakesItsLockOver() {
    try (OutputLock first = acquire("run", false)) {
      first.keep();
    }
    assertTrue(Files.exists(lockFile()), "kept for the next stage");
    try (OutputLock second = acquire("run", false)) {
      assertTrue(Files.exists(lockFile()));
    }
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void aDeadRunsLockIsReportedAndTakenOverOnlyWithForce() throws Exception {
    try (OutputLock dead = acquire("dead", false)) {
      dead.keep();
    }
    Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(300)));
    String message = assertBadInput(AtlasException.class, () -> acquire("new", false));
    assertTrue(message.contains("is locked by a run that seems dead: "), message);
    assertTrue(message.matches(".*no heartbeat for 30\\d s; use --force to take it over"), message);
    try (OutputLock taken = acquire("new", true)) {
      assertTrue(Files.exists(lockFile()));
    }
    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void anEmptyLockLeftByARunKilledWhileCreatingItIsTakenOverOnceItIsOld() throws Exception {
    Files.createFile(lockFile());
    Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(4)));
    long start = System.nanoTime();
    try (OutputLock taken = acquire("retry", false)) {
      assertTrue(System.nanoTime() - start > 500_000_000L, "it waited for a writer first");
      assertTrue(Files.size(lockFile()) > 0, "the new holder is written");
    }
    assertFalse(Files.exists(lockFile()));
  }
}
