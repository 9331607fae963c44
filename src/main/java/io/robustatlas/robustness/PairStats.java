package io.robustatlas.robustness;

/**
 * How one clean sample's prediction held up under its noisy copies at one σ.
 *
 * @param copies noisy copies evaluated
 * @param unchanged copies whose argmax equals the clean prediction
 * @param meanKl mean over copies of KL(softmax(clean) ‖ softmax(noisy))
 * @param flipCounts per class, how many copies were predicted as that class
 */
public record PairStats(int copies, int unchanged, double meanKl, int[] flipCounts) {

  /** The confidence ratio: the share of copies whose prediction is unchanged. */
  public double ratio() {
    return (double) unchanged / copies;
  }

  /** The 95% Wilson score interval of {@link #ratio()}. */
  public WilsonInterval interval() {
    return WilsonInterval.of(unchanged, copies);
  }
}
