package io.robustatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ensemble --if-enabled}, what submit.sh runs when no stage is named: with the default
 * {@code ensemble.in-default-run = false} it stops at once, says so, exits 0 and touches nothing.
 */
class EnsembleCommandTest {
  @TempDir Path dir;

  @Test
  void ifEnabledSkipsTheStageWhenTheConfigSaysNo() {
    Path out = dir.resolve("run");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("ensemble", "--if-enabled", "--out", out.toString());
    } finally {
      System.setOut(original);
    }
    assertEquals(0, code);
    assertEquals(
        "ensemble: skipped (ensemble.in-default-run = false)",
        printed.toString(StandardCharsets.UTF_8).strip());
    assertFalse(Files.exists(out), "no output folder, no manifest");
  }
}
