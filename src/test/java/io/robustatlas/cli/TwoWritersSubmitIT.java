package io.robustatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.run.OutputLock;
import io.robustatlas.testing.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ./submit.sh} runs into one output folder at once, as an overlapping scheduled run or
 * a user relaunching would start them: the second stops at once with one line naming the running
 * one, and the first finishes its stages untouched (its lock passes from train to robustness).
 */
class TwoWritersSubmitIT {
  @TempDir Path dir;

  private List<String> args(Path out) {
    return List.of(
        "--out", out.toString(),
        "--set", "data.train-limit=1000",
        "--set", "data.test-limit=300",
        "--set", "grid.optimizer=[adam]",
        "--set", "grid.learning-rate=[0.01]",
        "--set", "grid.epochs=[1]",
        "--set", "grid.seed=[0,1,2]",
        "--set", "train.min-accuracy=0",
        "--set", "robustness.copies=200",
        "--set", "robustness.correct-per-class=2",
        "--set", "robustness.wrong-per-class=2",
        "--set", "meta.arch=[mlp]",
        "--set", "meta.embed=16",
        "--set", "meta.epochs=2",
        "--set", "meta.baselines=[msp]",
        "--set", "meta.trainer=local");
  }

  @Test
  void aSecondRunIntoARunningFolderStopsAndNamesTheFirst() throws Exception {
    Path out = dir.resolve("run");
    Submission first = Submission.start(dir.resolve("first.log"), args(out));
    first.await("the first run's lock", () -> Files.exists(out.resolve(OutputLock.FILE_NAME)));

    Path secondLog = dir.resolve("second.log");
    int secondExit = Submission.run(secondLog, args(out));
    String second = Files.readString(secondLog);
    List<String> errors = second.lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(2, secondExit, second);
    assertEquals(1, errors.size(), second);
    assertTrue(
        errors.get(0).matches(
            "error: Output folder " + out + " is in use by another run: \\S+ on \\S+ \\(pid \\d+,"
                + " stage (train|robustness), started \\S+\\); wait for it to finish or use"
                + " another --out"),
        errors.get(0));
    assertFalse(second.contains("TrainTask"), "the second run trained nothing: " + second);

    assertEquals(0, first.waitForExit(), first.logText());
    assertTrue(first.logText().contains("robustness: 3 kept models"), first.logText());
    assertTrue(
        first.logText().stripTrailing().endsWith("; report: " + out.resolve("report/index.html")),
        "the run ends with the report's path: " + first.logText());
    assertFalse(Files.exists(out.resolve(OutputLock.FILE_NAME)), "released at the end");
  }
}
