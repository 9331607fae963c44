package io.robustatlas.meta;

import io.robustatlas.run.ItemCounts;
import io.robustatlas.run.StageResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What a meta run did, and the comparison of every committed cell on the test split.
 *
 * @param cells cells of the configured grid (networks and baselines)
 * @param fittedNow cells fitted and committed by this run
 * @param alreadyDone cells an earlier run committed
 * @param failures one line per cell that could not be fitted (it is retried by the next run)
 * @param metrics every committed row of {@code metrics.parquet}, for the comparison table
 * @param metricsTable the metrics folder
 * @param elapsed wall time of the stage
 */
public record MetaResult(
    int cells,
    int fittedNow,
    int alreadyDone,
    List<String> failures,
    List<Row> metrics,
    String metricsTable,
    Duration elapsed)
    implements StageResult {

  public MetaResult {
    failures = List.copyOf(failures);
    metrics = List.copyOf(metrics);
  }

  @Override
  public Map<String, Object> counts() {
    return progress().counts();
  }

  /** The counts, then the comparison table, then one line per failed cell. */
  @Override
  public String summary() {
    return "meta: " + progress() + "; " + metricsTable + System.lineSeparator()
        + ComparisonTable.format(metrics) + StageResult.failureLines(failures);
  }

  private ItemCounts progress() {
    return new ItemCounts("cells", "fitted", cells, fittedNow, alreadyDone, failures.size());
  }
}
