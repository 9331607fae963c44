package io.robustatlas.meta.engine;

import io.robustatlas.random.Seeds;
import java.util.SplittableRandom;

/**
 * The meta-networks' seeded initialisation, shared by the DL4J networks and the engine: every
 * weight is drawn from a Java generator seeded by (network seed, parameter name), Xavier uniform
 * U(±√(6 / (fan_in + fan_out))) with fan_out = count / fan_in. The draws fill the parameter in
 * column-major order (DL4J's order for its 2-d weights), so an engine parameter and a DL4J one of
 * the same name and shape start equal.
 */
public final class ParamInit {
  private static final long DOMAIN = Seeds.tag("meta-init");

  private ParamInit() {}

  /** {@code count} draws for the parameter {@code name} of the network of {@code seed}. */
  public static float[] xavier(String name, int count, long fanIn, long seed) {
    double bound = Math.sqrt(6.0 / (fanIn + count / (double) fanIn));
    SplittableRandom random = Seeds.stream(Seeds.derive(DOMAIN, seed, Seeds.hash(name)));
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return values;
  }

  /** Fills every weight of {@code net} with its draws (biases stay as the layers set them). */
  static void initialise(ParamLayout layout, float[] params, long seed) {
    for (ParamLayout.Param param : layout.params()) {
      if (!param.weight()) {
        continue;
      }
      float[] draws = xavier(param.name(), param.size(), param.rows(), seed);
      for (int i = 0; i < draws.length; i++) {
        int row = i % param.rows();
        int col = i / param.rows();
        params[param.offset() + row * param.cols() + col] = draws[i];
      }
    }
  }
}
