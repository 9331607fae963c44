package io.robustatlas.config;

import static io.robustatlas.testing.AtlasAssertions.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.robustatlas.meta.MetaArch;
import io.robustatlas.meta.MetaInput;
import io.robustatlas.meta.SplitBy;
import io.robustatlas.meta.TrainerKind;
import io.robustatlas.noise.NoiseKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meta section: defaults, sets, and one-line messages for out-of-range values. */
class MetaConfigTest {
  @TempDir Path dir;

  private MetaConfig load(String... overrides) throws IOException {
    File conf = Files.writeString(dir.resolve("atlas.conf"), "").toFile();
    return ConfigLoader.load(conf, List.of(overrides)).meta();
  }

  private String failure(String... overrides) throws IOException {
    File conf = Files.writeString(dir.resolve("atlas.conf"), "").toFile();
    return assertBadInput(ConfigException.class, () -> ConfigLoader.load(conf, List.of(overrides)));
  }

  @Test
  void defaultsAreTheHonestSplitAndTheStudysFourVectors() throws IOException {
    MetaConfig meta = load();
    assertEquals(List.of(SplitBy.MODEL), meta.splits());
    assertEquals(List.of(MetaArch.values()), meta.archs());
    assertEquals(
        List.of(MetaInput.MAXPOOL2, MetaInput.FC1, MetaInput.FC2, MetaInput.LOGITS), meta.inputs());
    assertEquals(470, meta.featureCount());
    assertEquals(TrainerKind.AUTO, meta.trainer());
    assertEquals(NoiseKind.GAUSSIAN, meta.noise());
    assertEquals(0.9, meta.level());
  }

  @Test
  void listsAreSetsInTheirGivenOrder() throws IOException {
    MetaConfig meta = load("meta.arch=[mlp,lstm,mlp]", "meta.inputs=[fc2,probs,fc2]");
    assertEquals(List.of(MetaArch.MLP, MetaArch.LSTM), meta.archs());
    assertEquals(List.of(MetaInput.FC2, MetaInput.PROBS), meta.inputs());
    assertEquals(94, meta.featureCount());
  }

  @Test
  void outOfRangeValuesNameKeyValueRuleAndOrigin() throws IOException {
    assertEquals(
        "Cannot set meta.arch to [\"lstmm\"]: must be a non-empty list of values one of rnn, lstm,"
            + " attention, mlp, gru, transformer (--set meta.arch=[lstmm])",
        failure("meta.arch=[lstmm]"));
    assertEquals(
        "Cannot set meta.trainer to \"spark\": must be engine or auto when meta.arch has [gru]"
            + " (DL4J 1.0.0-M2 has no such layer) (--set meta.trainer=spark)",
        failure("meta.arch=[lstm,gru]", "meta.trainer=spark"));
    assertEquals(
        "Cannot set meta.ff to 0: must be an integer between 1 and 16384 (--set meta.ff=0)",
        failure("meta.ff=0"));
    assertEquals(
        "Cannot set meta.heads to 3: must be an integer ≥ 1 that divides meta.embed (256)"
            + " (--set meta.heads=3)",
        failure("meta.heads=3"));
    assertEquals(
        "Cannot set meta.noise to \"salt\": must be one of gaussian, impulse, shot, weights"
            + " (--set meta.noise=salt)",
        failure("meta.noise=salt"));
    assertEquals(
        "Cannot set meta.level to -0.5: must be a number ≥ 0 (--set meta.level=-0.5)",
        failure("meta.level=-0.5"));
    assertEquals(
        "Cannot set meta.split to [\"models\"]: must be a non-empty list of values one of model,"
            + " pair (--set meta.split=[models])",
        failure("meta.split=[models]"));
    assertEquals(
        "Cannot set meta.epochs to 0: must be an integer between 1 and 10000 (--set meta.epochs=0)",
        failure("meta.epochs=0"));
  }
}
