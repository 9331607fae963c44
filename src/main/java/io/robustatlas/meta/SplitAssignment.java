package io.robustatlas.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.robustatlas.AtlasException;
import io.robustatlas.random.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Assigns models (or pairs) to train, validation and test in the shares 64/16/20. Units are ranked
 * by a seed derived from (run seed, model id[, sample index]) and cut at exact counts: test =
 * round(20% of n), validation = round(16% of n), at least one each, train = the rest. So 25 models
 * split exactly 16/4/5, and a small run of 4 models 2/1/1; the assignment depends only on the run
 * seed and the units, never on partitioning or on the order the pairs were read in.
 */
public final class SplitAssignment {
  /** Fewest units that give three non-empty splits. */
  public static final int MINIMUM_UNITS = 3;

  /** {@code meta/split.parquet}: which split every model (or pair) of a protocol belongs to. */
  public static final StructType SCHEMA =
      new StructType()
          .add("split_by", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("sample_index", DataTypes.IntegerType, true)
          .add("split", DataTypes.StringType, false);

  private static final long MODEL_DOMAIN = Seeds.tag("meta-split-model");
  private static final long PAIR_DOMAIN = Seeds.tag("meta-split-pair");

  private SplitAssignment() {}

  /** Units in train, validation and test for {@code n} units (n ≥ {@value #MINIMUM_UNITS}). */
  public static long[] counts(long n) {
    long test = Math.max(1, (n * 20 + 50) / 100);
    long validation = Math.max(1, (n * 16 + 50) / 100);
    return new long[] {n - validation - test, validation, test};
  }

  /** The split of the unit at {@code rank} (0-based, by ascending seed) among {@code n}. */
  public static Split splitOf(long rank, long n) {
    long[] counts = counts(n);
    if (rank < counts[0]) {
      return Split.TRAIN;
    }
    return rank < counts[0] + counts[1] ? Split.VALIDATION : Split.TEST;
  }

  /**
   * The assignment of the units of {@code pairs} (columns {@code model_id}, {@code sample_index}):
   * one row per model under {@link SplitBy#MODEL}, one per pair under {@link SplitBy#PAIR}.
   *
   * @throws AtlasException (exit 2) when there are too few units for three non-empty splits
   */
  public static Dataset<Row> assign(
      SparkSession spark, Dataset<Row> pairs, SplitBy splitBy, long runSeed, String where) {
    return splitBy == SplitBy.MODEL
        ? byModel(spark, pairs, runSeed, where)
        : byPair(spark, pairs, runSeed, where);
  }

  /** The seed that ranks a model. */
  static long modelKey(long runSeed, String modelId) {
    return Seeds.derive(MODEL_DOMAIN, runSeed, Seeds.hash(modelId));
  }

  /** The seed that ranks a pair. */
  static long pairKey(long runSeed, String modelId, int sampleIndex) {
    return Seeds.derive(PAIR_DOMAIN, runSeed, Seeds.hash(modelId), sampleIndex);
  }

  private static Dataset<Row> byModel(
      SparkSession spark, Dataset<Row> pairs, long runSeed, String where) {
    List<String> models = new ArrayList<>();
    for (Row row : pairs.select("model_id").distinct().collectAsList()) {
      models.add(row.getString(0));
    }
    requireEnough(SplitBy.MODEL, models.size(), where);
    models.sort(
        Comparator.comparingLong((String id) -> modelKey(runSeed, id))
            .thenComparing(Comparator.naturalOrder()));
    List<Row> rows = new ArrayList<>();
    for (int rank = 0; rank < models.size(); rank++) {
      String split = splitOf(rank, models.size()).toString();
      rows.add(RowFactory.create(SplitBy.MODEL.toString(), models.get(rank), null, split));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Dataset<Row> byPair(
      SparkSession spark, Dataset<Row> pairs, long runSeed, String where) {
    Dataset<Row> keys = pairs.select("model_id", "sample_index");
    long n = keys.count();
    requireEnough(SplitBy.PAIR, n, where);
    JavaRDD<Row> ranked =
        keys.javaRDD()
            .map(r -> RowFactory.create(pairKey(runSeed, r.getString(0), r.getInt(1)), r.getString(0), r.getInt(1)))
            .sortBy(r -> new RankKey(r.getLong(0), r.getString(1), r.getInt(2)), true, keys.rdd().getNumPartitions())
            .zipWithIndex()
            .map(t -> RowFactory.create(SplitBy.PAIR.toString(), t._1().getString(1), t._1().getInt(2),
                splitOf(t._2(), n).toString()));
    return spark.createDataFrame(ranked, SCHEMA);
  }

  private static void requireEnough(SplitBy splitBy, long n, String where) {
    if (n < MINIMUM_UNITS) {
      String units = splitBy == SplitBy.MODEL ? "models" : "pairs";
      throw new AtlasException(
          "Cannot split " + n + " " + units + " into train, validation and test (meta.split = "
              + splitBy + "): it needs at least " + MINIMUM_UNITS + " " + units + " with pairs, one"
              + " per split, and " + where + " has " + n);
    }
  }

  /** Pairs joined with their split (column {@code split}) under one protocol. */
  public static Dataset<Row> attach(Dataset<Row> pairs, Dataset<Row> assignment, SplitBy splitBy) {
    Dataset<Row> split = assignment.where(col("split_by").equalTo(lit(splitBy.toString())));
    return splitBy == SplitBy.MODEL
        ? pairs.join(split.select("model_id", "split"), "model_id")
        : pairs.join(split.select("model_id", "sample_index", "split"),
            scala.collection.JavaConverters.asScalaBuffer(List.of("model_id", "sample_index")).toSeq());
  }

  /** Sort key of a pair: its seed, then its coordinates (a tie-break that never happens in practice). */
  private record RankKey(long key, String modelId, int sampleIndex)
      implements Comparable<RankKey>, java.io.Serializable {
    @Override
    public int compareTo(RankKey other) {
      return Comparator.comparingLong(RankKey::key)
          .thenComparing(RankKey::modelId)
          .thenComparingInt(RankKey::sampleIndex)
          .compare(this, other);
    }
  }
}
