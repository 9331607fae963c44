package io.robustatlas.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, as the tests use a real browser: dump a page's DOM after it loaded
 * (scripts run, images decoded) and take screenshots. Each call is a fresh browser with a fresh
 * profile, without background networking (this machine has no network, and Chromium's own
 * connections would only be refused). Under CI ({@code CI} set) a missing browser fails the test;
 * elsewhere the test is skipped with a message.
 */
public final class HeadlessChromium {
  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path scratch;

  private HeadlessChromium(Path binary, Path scratch) {
    this.binary = binary;
    this.scratch = scratch;
  }

  /** The installed browser, with {@code scratch} for its profiles and logs. */
  public static HeadlessChromium require(Path scratch) {
    Path found = CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
        .orElse(null);
    String missing = "Chromium is needed for the browser test (apt-get install -y chromium)";
    if (System.getenv("CI") != null) {
      assertTrue(found != null, missing);
    }
    Assumptions.assumeTrue(found != null, missing + ": skipped outside CI");
    return new HeadlessChromium(found, scratch);
  }

  /** The page's DOM after its load event in a window {@code width} CSS pixels wide. */
  public String dumpDom(Path page, int width) {
    return run("dom", List.of("--window-size=" + width + ",2000", "--dump-dom",
        page.toUri().toString()));
  }

  /** A screenshot of the top {@code width} × {@code height} CSS pixels of the page, as PNG. */
  public void screenshot(Path page, Path png, int width, int height) {
    run("shot", List.of("--hide-scrollbars", "--screenshot=" + png,
        "--window-size=" + width + "," + height, page.toUri().toString()));
    assertTrue(Files.isRegularFile(png), "Chromium wrote no screenshot " + png);
  }

  private String run(String purpose, List<String> args) {
    try {
      Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
      Path log = scratch.resolve("chromium-" + purpose + ".log");
      List<String> command =
          new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-quic", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
              "--virtual-time-budget=10000"));
      command.addAll(args);
      Path output = scratch.resolve("chromium-" + purpose + ".out");
      Process process =
          new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Processes.killTree(process.toHandle());
        throw new IllegalStateException("Chromium did not finish in " + TIMEOUT_SECONDS + " s; " + log);
      }
      assertTrue(process.exitValue() == 0,
          "Chromium exited with " + process.exitValue() + ": " + Files.readString(log));
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted waiting for Chromium", e);
    }
  }
}
