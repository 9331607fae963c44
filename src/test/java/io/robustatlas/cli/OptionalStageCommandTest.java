package io.robustatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ensemble --if-enabled} and {@code explain --if-enabled}, what submit.sh runs when no stage
 * is named: with the default {@code <stage>.in-default-run = false} each stops at once, says so,
 * exits 0 and touches nothing.
 */
class OptionalStageCommandTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"ensemble", "explain"})
  void ifEnabledSkipsTheStageWhenTheConfigSaysNo(String stage) {
    Path out = dir.resolve("run");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(stage, "--if-enabled", "--out", out.toString());
    } finally {
      System.setOut(original);
    }
    assertEquals(0, code);
    assertEquals(
        stage + ": skipped (" + stage + ".in-default-run = false)",
        printed.toString(StandardCharsets.UTF_8).strip());
    assertFalse(Files.exists(out), "no output folder, no manifest");
  }
}
