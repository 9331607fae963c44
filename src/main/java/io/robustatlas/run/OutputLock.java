package io.robustatlas.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.robustatlas.AtlasException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output folder: {@code <out>/_atlas.lock}, created atomically through the Hadoop
 * {@link FileSystem} ({@code create} without overwrite) before a stage starts Spark, and deleted
 * when it ends, also on failure. It names its holder (user, host, process, stage, start time) so a
 * second run into the folder stops at once and says who is writing. While held, its modification
 * time is touched every {@link #HEARTBEAT}; a lock untouched for {@link #STALE} was left by a driver
 * that died, and only such a lock is taken over, with {@code --force}.
 *
 * <p>A {@code submit.sh} run holds one lock across its stages: every stage gets the run's token and
 * accepts a lock with that token as its own; all but the last keep it when they succeed. On
 * S3A, whose objects have no settable modification time and no create-if-absent, the lock is best
 * effort (every lock there looks stale after a minute).
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE_NAME = "_atlas.lock";
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  static final Duration STALE = Duration.ofSeconds(60);

  /**
   * An empty lock file still empty this long after its creation was created by a run killed before
   * it wrote its holder (a write of a few hundred bytes): nobody holds it, so any run takes it over
   * (after waiting that long, in case its creator is still writing).
   */
  static final Duration UNWRITTEN = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path path;
  private final ScheduledExecutorService heartbeat;
  private boolean keep;

  private OutputLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "output-lock-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long period = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::touch, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code outDir} for {@code stage}.
   *
   * @param token the run's token: a lock holding it is this run's own (an earlier stage's)
   * @param force take over a lock whose holder stopped touching it (a dead driver)
   * @throws AtlasException (exit 2) when another live run holds the folder, or a dead one did and
   *     {@code force} is not set
   */
  public static OutputLock acquire(
      Configuration conf, String outDir, String stage, String token, boolean force) {
    Path path = new Path(outDir, FILE_NAME);
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      ObjectNode holder = holder(stage, token);
      if (!create(fs, path, holder)) {
        takeOver(fs, path, outDir, holder, token, force);
      }
      return new OutputLock(fs, path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + outDir, e);
    }
  }

  /**
   * Releases the lock of {@code outDir} if this run ({@code token}) holds it: for a run's last
   * stage when it has nothing to do. Another run's lock, or none, is left as it is.
   */
  public static void releaseIfHeld(Configuration conf, String outDir, String token) {
    Path path = new Path(outDir, FILE_NAME);
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (fs.exists(path) && token.equals(read(fs, path).path("token").asText())) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the lock of " + outDir, e);
    }
  }

  /** Leaves the lock in place at {@link #close()}, for the next stage of the same run. */
  public void keep() {
    keep = true;
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    if (keep) {
      touch();
      return;
    }
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("could not remove the output lock {}: {}", path, e.toString());
    }
  }

  private void touch() {
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("could not touch the output lock {}: {}", path, e.toString());
    }
  }

  private static ObjectNode holder(String stage, String token) throws IOException {
    ObjectNode holder = JSON.createObjectNode();
    holder.put("token", token);
    holder.put("owner", System.getProperty("user.name"));
    holder.put("host", InetAddress.getLocalHost().getHostName());
    holder.put("pid", ProcessHandle.current().pid());
    holder.put("stage", stage);
    holder.put("started", Instant.now().toString());
    return holder;
  }

  /** Creates the lock file if it does not exist; false if it does. */
  private static boolean create(FileSystem fs, Path path, ObjectNode holder) throws IOException {
    try (OutputStream out = fs.create(path, false)) {
      out.write(JSON.writeValueAsBytes(holder));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  /** An existing lock: this run's own, a dead run's (taken over with force), or a live run's. */
  private static void takeOver(
      FileSystem fs, Path path, String outDir, ObjectNode holder, String token, boolean force)
      throws IOException {
    FileStatus status = fs.getFileStatus(path);
    if (status.getLen() == 0) {
      waitUntil(status.getModificationTime() + UNWRITTEN.toMillis());
      status = fs.getFileStatus(path);
    }
    ObjectNode other = read(fs, path);
    Duration silent = Duration.ofMillis(System.currentTimeMillis() - status.getModificationTime());
    String who = describe(other);
    if (status.getLen() == 0) {
      LOG.warn("output lock of {} taken over: empty, its run was killed while creating it", outDir);
    } else if (token.equals(other.path("token").asText())) {
      LOG.info("output lock of {} taken over from this run's previous stage ({})", outDir, who);
    } else if (silent.compareTo(STALE) < 0) {
      throw new AtlasException(
          "Output folder " + outDir + " is in use by another run: " + who + "; wait for it to"
              + " finish or use another --out");
    } else if (!force) {
      throw new AtlasException(
          "Output folder " + outDir + " is locked by a run that seems dead: " + who
              + ", no heartbeat for " + silent.toSeconds() + " s; use --force to take it over");
    } else {
      LOG.warn("taking over the output lock of {} from a dead run: {}", outDir, who);
    }
    fs.delete(path, false);
    if (!create(fs, path, holder)) {
      throw new AtlasException(
          "Output folder " + outDir + " was locked again by another run while taking it over: "
              + describe(read(fs, path)));
    }
  }

  private static void waitUntil(long millis) throws IOException {
    try {
      Thread.sleep(Math.max(0, millis - System.currentTimeMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for an output lock to be written", e);
    }
  }

  private static ObjectNode read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException | ClassCastException e) {
      ObjectNode unknown = JSON.createObjectNode();
      unknown.put("owner", "unknown (unreadable lock file " + path + ")");
      return unknown;
    }
  }

  private static String describe(ObjectNode holder) {
    return holder.path("owner").asText("?") + " on " + holder.path("host").asText("?") + " (pid "
        + holder.path("pid").asText("?") + ", stage " + holder.path("stage").asText("?")
        + ", started " + holder.path("started").asText("?") + ")";
  }
}
