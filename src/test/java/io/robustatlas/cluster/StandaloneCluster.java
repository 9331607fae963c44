package io.robustatlas.cluster;

import io.robustatlas.testing.JvmCommand;
import io.robustatlas.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on the loopback interface: Spark's own {@code Master} and two
 * {@code Worker} JVMs started from the jars Maven already resolved, no Spark download.
 *
 * <p>Workers launch executors through Spark's launcher, which wants a Spark home with a {@code
 * jars/} folder; {@link #sparkHome} builds one from links to the Maven classpath, leaving out
 * DL4J, ND4J and the other jars a Spark distribution does not have, so executors get them from the
 * application's cluster jar exactly as on a real cluster. The two workers register as hosts {@code
 * 127.0.0.1} and {@code localhost} (the same loopback address): Spark never starts a speculative
 * copy of a task on the host that runs the original, so one host name would make speculation
 * impossible.
 *
 * <p>Every process is stopped by PID in {@link #close()}, with its descendants (the executors),
 * also from a shutdown hook; PIDs are written to a file so the next start kills what a crashed test
 * JVM left behind.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String EXECUTOR_CLASS = "CoarseGrainedExecutorBackend";
  private static final List<String> NOT_IN_SPARK_DISTRIBUTION =
      List.of("/org/deeplearning4j/", "/org/nd4j/", "/org/bytedeco/", "/com/typesafe/config/",
          "/info/picocli/");

  /** Outside the work folder, which tests delete: it must outlive a crashed test JVM. */
  private static final Path PID_FILE = Path.of("target/standalone-cluster.pids");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> workerDirs = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "stop-standalone-cluster");
  private String masterUrl;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts a master and two one-core workers and waits until both workers have registered.
   *
   * @param dir work folder: Spark home, worker folders, logs
   * @param workerMemory memory each worker offers executors, e.g. {@code "2g"}
   */
  static StandaloneCluster start(Path dir, String workerMemory) throws IOException {
    killLeftovers(PID_FILE);
    StandaloneCluster cluster = new StandaloneCluster(dir);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startAll(workerMemory);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** {@code spark://127.0.0.1:<port>}. */
  String masterUrl() {
    return masterUrl;
  }

  private void startAll(String workerMemory) throws IOException {
    Path sparkHome = sparkHome(dir.resolve("spark-home"));
    int port = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    Path masterLog = dir.resolve("master.log");
    launch(
        List.of(
            "org.apache.spark.deploy.master.Master",
            "--host", "127.0.0.1",
            "--port", String.valueOf(port),
            "--webui-port", String.valueOf(freePort())),
        sparkHome,
        masterLog);
    waitForLog(masterLog, "I have been elected leader", 1);
    List<String> hosts = List.of("127.0.0.1", "localhost");
    for (int i = 0; i < hosts.size(); i++) {
      Path workDir = Files.createDirectories(dir.resolve("worker-" + i));
      workerDirs.add(workDir);
      launch(
          List.of(
              "org.apache.spark.deploy.worker.Worker",
              "--host", hosts.get(i),
              "--cores", "1",
              "--memory", workerMemory,
              "--work-dir", workDir.toString(),
              "--webui-port", String.valueOf(freePort()),
              masterUrl),
          sparkHome,
          dir.resolve("worker-" + i + ".log"));
    }
    waitForLog(masterLog, "Registering worker", hosts.size());
  }

  /**
   * A Spark home for the workers: {@code jars/} links to the Maven classpath minus the jars only
   * our application brings, {@code conf/} with the project's log4j2 settings for executors.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = home.resolve("jars");
    if (Files.exists(home)) {
      try (Stream<Path> old = Files.walk(home)) {
        old.sorted((a, b) -> b.compareTo(a)).forEach(StandaloneCluster::delete);
      }
    }
    Files.createDirectories(jars);
    for (String jar : launcherClasspath()) {
      if (NOT_IN_SPARK_DISTRIBUTION.stream().noneMatch(jar::contains)) {
        Files.createSymbolicLink(jars.resolve(Path.of(jar).getFileName()), Path.of(jar));
      }
    }
    Files.createDirectories(home.resolve("conf"));
    Files.copy(Path.of("conf/log4j2.properties"), home.resolve("conf/log4j2.properties"));
    return home;
  }

  private static List<String> launcherClasspath() throws IOException {
    String classpath = Files.readString(Path.of("target/launcher/classpath")).trim();
    return Arrays.asList(classpath.split(":"));
  }

  private void launch(List<String> mainAndArgs, Path sparkHome, Path log) throws IOException {
    List<String> command = new ArrayList<>(JvmCommand.java());
    command.addAll(List.of("-Xmx512m", "-cp", String.join(":", launcherClasspath())));
    command.addAll(mainAndArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toAbsolutePath().toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    processes.add(process);
    Files.writeString(
        PID_FILE,
        process.pid() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The executors of the cluster's workers that are alive now. */
  List<Executor> executors() {
    List<Executor> executors = new ArrayList<>();
    for (int w = 0; w < workerDirs.size() && w < processes.size() - 1; w++) {
      Path workDir = workerDirs.get(w);
      processes.get(w + 1).descendants()
          .filter(p -> p.info().commandLine().orElse("").contains(EXECUTOR_CLASS))
          .forEach(p -> Executor.of(p, workDir).ifPresent(executors::add));
    }
    return executors;
  }

  /**
   * An executor JVM: its process, its Spark ids and its log file.
   *
   * @param log the executor's stderr, where the worker puts it
   */
  record Executor(ProcessHandle process, String appId, String executorId, Path log) {
    static Optional<Executor> of(ProcessHandle process, Path workDir) {
      List<String> args = Arrays.asList(process.info().arguments().orElse(new String[0]));
      int app = args.indexOf("--app-id");
      int id = args.indexOf("--executor-id");
      if (app < 0 || id < 0) {
        return Optional.empty();
      }
      String appId = args.get(app + 1);
      String executorId = args.get(id + 1);
      return Optional.of(
          new Executor(process, appId, executorId, workDir.resolve(appId + "/" + executorId + "/stderr")));
    }

    /** The executor's log so far, empty if it has none yet. */
    String logText() {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Kills the JVM at once (SIGKILL): no shutdown hooks, no clean-up, as a lost machine. */
    void kill() {
      process.destroyForcibly();
    }
  }

  private static void waitForLog(Path log, String text, int times) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String content = Files.exists(log) ? Files.readString(log) : "";
      if (content.split(Pattern.quote(text), -1).length - 1 >= times) {
        return;
      }
      Processes.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "Standalone cluster did not start: no " + times + " x '" + text + "' in " + log
            + " within " + START_TIMEOUT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Kills, with their descendants, the processes an earlier test JVM recorded and left alive. */
  private static void killLeftovers(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    for (String line : Files.readAllLines(pidFile)) {
      ProcessHandle.of(Long.parseLong(line.trim()))
          .filter(p -> p.info().commandLine().orElse("").contains("org.apache.spark.deploy."))
          .ifPresent(Processes::killTree);
    }
    Files.delete(pidFile);
  }

  private synchronized void stopAll() {
    for (Process process : processes) {
      Processes.killTree(process.toHandle());
    }
    processes.clear();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it stops the same processes.
    }
  }
}
