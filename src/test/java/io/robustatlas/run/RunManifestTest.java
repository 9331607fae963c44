package io.robustatlas.run;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.robustatlas.AtlasException;
import io.robustatlas.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output folder's identity: the config's result settings and the data's fingerprints. Where the
 * data live and which of the equivalent engines runs do not change it; other data or other
 * settings do, and then only {@code --force} reuses the folder.
 */
class RunManifestTest {
  private static final Configuration HADOOP = new Configuration();
  private static final Map<String, String> DATA =
      Map.of(RunManifest.TRAIN_DATA, "aaaa1111", RunManifest.TEST_DATA, "bbbb2222");

  @TempDir Path dir;

  private void open(Map<String, String> data, boolean force, String... overrides) {
    RunManifest.open(HADOOP, dir.toString(), Configs.defaults(overrides), data, force);
  }

  @Test
  void movedDataAndAnotherEquivalentEngineKeepTheIdentity() {
    open(DATA, false);
    open(
        DATA,
        false,
        "data.test-images=/elsewhere/t10k-images-idx3-ubyte.gz",
        "robustness.engine=dl4j",
        "robustness.models-per-file=7");
    open(Map.of(RunManifest.TEST_DATA, "bbbb2222"), false);
  }

  @Test
  void otherDataNeedForce() throws Exception {
    open(DATA, false);
    String message =
        assertBadInput(
            AtlasException.class,
            () -> open(Map.of(RunManifest.TEST_DATA, "cccc3333"), false));
    assertEquals(
        "Output folder " + dir + " was made with other test data (fingerprint bbbb2222…, now"
            + " cccc3333…): use another --out, or --force to reuse it",
        message);
    open(Map.of(RunManifest.TEST_DATA, "cccc3333"), true);
    String manifest = Files.readString(dir.resolve(RunManifest.FILE_NAME));
    assertTrue(manifest.contains("\"test\" : \"cccc3333\""), manifest);
    assertTrue(manifest.contains("\"reason\" : \"other test data"), manifest);
  }

  @Test
  void otherSettingsNeedForce() {
    open(DATA, false);
    String message =
        assertBadInput(AtlasException.class, () -> open(DATA, false, "grid.seed=[0,1,2]"));
    assertTrue(message.contains("was made with a different config (settings hash "), message);
  }
}
