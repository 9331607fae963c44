package io.robustatlas.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model record written before the architecture axes existed (this one is a real record of such a
 * run, copied from its {@code models/} folder) reads back as LeNet-5's own architecture, so a rerun
 * into an old folder recognises its finished models and gathers them into the new models table.
 */
class ModelRecordTest {
  private static final String BEFORE_THE_AXES =
      "{\"modelId\":\"04c3e57650466ab2\",\"optimizer\":\"adam\",\"learningRate\":0.001,"
          + "\"l2\":0.0,\"epochs\":2,\"seed\":3,\"init\":\"normal\",\"batchSize\":64,"
          + "\"trainFingerprint\":\"1a78028c44dd35d4e0d8dfa31bec832db0432a4d169af2bfff3fa8a789"
          + "1178ad\",\"testAccuracy\":0.7115,\"epochLoss\":[1.9245504713058472,"
          + "1.0403381667137146],\"trainSeconds\":16.93089308,\"diverged\":false,"
          + "\"modelPath\":\"models/04c3e57650466ab2.zip\"}";

  @Test
  void aRecordWithoutTheArchitectureReadsAsLenet5() throws Exception {
    ModelRecord record = new ObjectMapper().readValue(BEFORE_THE_AXES, ModelRecord.class);
    assertEquals(
        List.of("04c3e57650466ab2", "relu", "max", 0.0, 0.7115),
        List.of(record.modelId(), record.activation(), record.pooling(), record.dropout(),
            record.testAccuracy()));
  }
}
