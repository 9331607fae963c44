package io.robustatlas.run;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.AtlasException;
import io.robustatlas.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder's identity, stage by stage: a stage refuses the folder when its own earlier
 * outputs or the upstream outputs it reads were made with other settings or data. Where the data
 * live, which of the equivalent engines runs, and the settings of stages that are not upstream do
 * not count; only {@code --force} reuses a folder that differs.
 */
class RunManifestTest {
  private static final Configuration HADOOP = new Configuration();
  private static final Map<String, String> DATA =
      Map.of(RunManifest.TRAIN_DATA, "aaaa1111", RunManifest.TEST_DATA, "bbbb2222");

  @TempDir Path dir;

  /** A finished stage with nothing to report. */
  private record Done() implements StageResult {
    @Override
    public String summary() {
      return "done";
    }

    @Override
    public Map<String, Object> counts() {
      return Map.of();
    }

    @Override
    public Duration elapsed() {
      return Duration.ZERO;
    }
  }

  /** Opens the manifest for {@code stage} and records a finished run of it. */
  private void run(Stage stage, Map<String, String> data, boolean force, String... overrides) {
    RunManifest.open(HADOOP, dir.toString(), Configs.defaults(overrides), stage, data, force)
        .record(Done::new);
  }

  private String refusal(Stage stage, Map<String, String> data, String... overrides) {
    return assertBadInput(AtlasException.class, () -> run(stage, data, false, overrides));
  }

  @Test
  void movedDataAndAnotherEquivalentEngineKeepTheIdentity() {
    run(Stage.TRAIN, DATA, false);
    run(Stage.TRAIN, DATA, false, "train.engine=scalar");
    run(Stage.ROBUSTNESS, Map.of(RunManifest.TEST_DATA, "bbbb2222"), false);
    run(
        Stage.ROBUSTNESS,
        Map.of(RunManifest.TEST_DATA, "bbbb2222"),
        false,
        "data.test-images=/elsewhere/t10k-images-idx3-ubyte.gz",
        "robustness.engine=dl4j",
        "robustness.models-per-file=7");
  }

  @Test
  void otherDataNeedForce() throws Exception {
    run(Stage.TRAIN, DATA, false);
    assertEquals(
        "Output folder " + dir + " was made with other test data (fingerprint bbbb2222…, now"
            + " cccc3333…): use another --out, or --force to reuse it",
        refusal(Stage.ROBUSTNESS, Map.of(RunManifest.TEST_DATA, "cccc3333")));
    run(Stage.ROBUSTNESS, Map.of(RunManifest.TEST_DATA, "cccc3333"), true);
    String manifest = Files.readString(dir.resolve(RunManifest.FILE_NAME));
    assertTrue(manifest.contains("\"test\" : \"cccc3333\""), manifest);
    assertTrue(manifest.contains("\"reason\" : \"other test data"), manifest);
  }

  /** Robustness reads the models: it refuses a folder whose models came from another grid. */
  @Test
  void otherUpstreamSettingsNeedForce() {
    run(Stage.TRAIN, DATA, false);
    String message = refusal(Stage.ROBUSTNESS, Map.of(), "grid.seed=[0,1,2]");
    assertTrue(
        message.startsWith(
            "Output folder " + dir + " was made with a different config for its train stage"
                + " (identity "),
        message);
  }

  /**
   * Tuning a stage changes only that stage's identity: the ensemble with other settings runs into
   * a folder whose robustness stage is finished, and robustness reruns whatever the ensemble
   * settings; only the ensemble itself, rerun with settings other than its recorded ones, refuses.
   */
  @Test
  void settingsOfOtherStagesDoNotCount() {
    run(Stage.TRAIN, DATA, false);
    run(Stage.ROBUSTNESS, Map.of(), false);
    run(Stage.ENSEMBLE, Map.of(), false, "ensemble.copies=[8]", "ensemble.trees=5");
    run(Stage.ROBUSTNESS, Map.of(), false, "ensemble.copies=[2]");
    String message = refusal(Stage.ENSEMBLE, Map.of(), "ensemble.copies=[2]");
    assertTrue(message.contains("a different config for its ensemble stage"), message);
  }

  /**
   * The meta grid's extent is not its identity: more bodies and seeds over a folder only add
   * cells; a setting that changes what a cell holds (the width) still refuses.
   */
  @Test
  void metaCellsCanBeAddedButNotRedefined() {
    run(Stage.TRAIN, DATA, false);
    run(Stage.ROBUSTNESS, Map.of(), false);
    run(Stage.META, Map.of(), false, "meta.arch=[lstm]");
    run(Stage.META, Map.of(), false, "meta.arch=[gru,transformer]", "meta.seed=[0,1]");
    String message = refusal(Stage.META, Map.of(), "meta.embed=64");
    assertTrue(message.contains("a different config for its meta stage"), message);
  }
}
