package io.robustatlas.run;

import io.robustatlas.config.AtlasConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The pipeline's stages and what each one's results depend on: the settings it reads and the
 * stages whose outputs it reads (upstream). The run manifest records each stage's identity, a
 * hash of exactly those settings, of its upstream stages' identities and of the data: a stage then
 * refuses a folder whose upstream outputs, or its own earlier outputs, were made differently, while
 * settings of other stages (say, tuning the ensemble or the meta-networks after a long robustness
 * run) never make a
 * folder look foreign. What is left out of every identity: where the data are (their fingerprints
 * stand for them), the choice between equivalent engines, and how outputs are grouped into files.
 */
public enum Stage {
  TRAIN(
      List.of(),
      c -> String.join("\n", c.run().toString(), c.data().canonical(), c.grid().toString(),
          c.train().canonical())),
  ROBUSTNESS(List.of(TRAIN), c -> c.run() + "\n" + c.robustness().canonical()),
  ENSEMBLE(
      List.of(TRAIN),
      c -> String.join("\n", c.run().toString(), c.ensemble().canonical(),
          c.robustness().noiseCanonical())),
  META(List.of(ROBUSTNESS), c -> c.run() + "\n" + c.meta().canonical()),
  EXPLAIN(List.of(ROBUSTNESS), c -> c.run() + "\n" + c.explain().canonical()),
  /**
   * The report reads whatever tables the folder holds and has no settings of its own: it never
   * refuses a folder, it describes it as it is. Its identity is that of what it described ({@link
   * #identityOfRecorded}), not of a config.
   */
  REPORT(List.of(), c -> "");

  private final List<Stage> upstream;
  private final Function<AtlasConfig, String> settings;

  Stage(List<Stage> upstream, Function<AtlasConfig, String> settings) {
    this.upstream = upstream;
    this.settings = settings;
  }

  /** The stage's name, as in the command line and the manifest. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This stage and every stage upstream of it, nearest first. */
  List<Stage> withUpstream() {
    List<Stage> stages = new ArrayList<>(List.of(this));
    for (Stage parent : upstream) {
      for (Stage stage : parent.withUpstream()) {
        if (!stages.contains(stage)) {
          stages.add(stage);
        }
      }
    }
    return stages;
  }

  /**
   * The identity of this stage's results under {@code config} and {@code data} (data set name →
   * fingerprint): a SHA-256 over its settings and its upstream stages' identities.
   */
  String identity(AtlasConfig config, String data) {
    StringBuilder text = new StringBuilder(id()).append('\n').append(settings.apply(config));
    text.append('\n').append(data);
    for (Stage parent : upstream) {
      text.append('\n').append(parent.identity(config, data));
    }
    return RunManifest.hash(text.toString());
  }

  /**
   * The identity of a stage that reads the folder as it is ({@link #REPORT}): a SHA-256 over the
   * identities the folder records for the other stages and over the data. A report whose recorded
   * identity equals this one still describes the folder's current outputs.
   *
   * @param recorded stage name → the identity the manifest records for it, in name order
   */
  String identityOfRecorded(SortedMap<String, String> recorded, String data) {
    return RunManifest.hash(id() + "\n" + recorded + "\n" + data);
  }
}
