package io.robustatlas.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.robustatlas.run.RunManifest;
import io.robustatlas.run.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The run, from {@code manifest.json}: each stage's status, timing, counts and identity, the data
 * fingerprints, the code and library versions and the recorded config.
 */
final class RunSection implements ReportSection {
  @Override
  public String title() {
    return "Run";
  }

  @Override
  public String table() {
    return RunManifest.FILE_NAME;
  }

  @Override
  public String stage() {
    return Stage.TRAIN.id();
  }

  @Override
  public void draw(RunFolder folder, Page page) {
    JsonNode manifest = folder.manifest();
    JsonNode versions = manifest.path("versions");
    page.paragraph(
        "Folder " + folder.outDir() + ", created " + timestamp(manifest.path("created").asText("?"))
            + "; Robustness Atlas " + versions.path("robustness_atlas").asText("?") + ", Spark "
            + versions.path("spark").asText("?") + ", DL4J " + versions.path("dl4j").asText("?")
            + ", Java " + versions.path("java").asText("?") + ".");
    page.subheading("Stages");
    page.table(stages(manifest));
    page.subheading("Data");
    Table.Builder data = new Table.Builder("data set", "SHA-256 fingerprint of images and labels");
    manifest.path("data").fields().forEachRemaining(e -> data.row(e.getKey(), e.getValue().asText()));
    page.table(
        data.reading(
            "The fingerprints stand for the data, wherever they are stored: two folders whose"
                + " fingerprints agree were made from the same images and labels."));
    page.subheading("Config");
    page.note(
        "As recorded by the stages (" + manifest.path("config_source").asText("?")
            + "); each stage's identity above hashes only the settings its results depend on.");
    List<String[]> settings = new ArrayList<>();
    flatten("", manifest.path("config"), settings);
    page.keyValues(settings);
  }

  private static Table stages(JsonNode manifest) {
    Table.Builder table =
        new Table.Builder("stage", "status", "started", "time", "counts", "identity");
    List<Map.Entry<String, JsonNode>> stages = new ArrayList<>();
    manifest.path("stages").fields().forEachRemaining(stages::add);
    stages.removeIf(e -> e.getKey().equals(Stage.REPORT.id()));
    stages.sort(Comparator.comparingInt(e -> order(e.getKey())));
    double total = 0;
    String longest = null;
    double longestSeconds = -1;
    List<String> unfinished = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : stages) {
      JsonNode stage = entry.getValue();
      double seconds = stage.path("seconds").asDouble(Double.NaN);
      String status = stage.path("status").asText("?");
      table.row(
          entry.getKey(),
          status + (stage.has("error") ? ": " + stage.path("error").asText() : ""),
          timestamp(stage.path("started").asText("")),
          Double.isNaN(seconds) ? "" : Formats.seconds(seconds),
          counts(stage.path("counts")),
          abbreviate(stage.path("identity").asText("")));
      if (!Double.isNaN(seconds)) {
        total += seconds;
        if (seconds > longestSeconds) {
          longestSeconds = seconds;
          longest = entry.getKey();
        }
      }
      if (!"done".equals(status)) {
        unfinished.add(entry.getKey() + " (" + status + ")");
      }
    }
    String reading =
        longest == null
            ? "No stage has finished in this folder yet."
            : String.format(
                "The stages took %s in all; %s took longest (%s, %s).",
                Formats.seconds(total), longest, Formats.seconds(longestSeconds),
                Formats.percent(longestSeconds / total));
    if (!unfinished.isEmpty()) {
      reading += " Not finished: " + String.join(", ", unfinished)
          + "; rerun them into this folder to complete their tables.";
    }
    return table.reading(reading);
  }

  /** An ISO instant to the second, as a person reads it: {@code 2026-11-23 20:19:29Z}. */
  private static String timestamp(String instant) {
    return instant.replaceFirst("T", " ").replaceFirst("\\.\\d+Z$", "Z");
  }

  private static int order(String stage) {
    for (Stage known : Stage.values()) {
      if (known.id().equals(stage)) {
        return known.ordinal();
      }
    }
    return Stage.values().length;
  }

  private static String counts(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    counts.fields().forEachRemaining(
        e -> parts.add(e.getKey() + " " + (e.getValue().isFloatingPointNumber()
            ? Formats.share(e.getValue().asDouble()) : e.getValue().asText())));
    return String.join(", ", parts);
  }

  private static String abbreviate(String identity) {
    return identity.length() > 12 ? identity.substring(0, 12) + "…" : identity;
  }

  /** Config leaves as dotted keys; lists of objects (the noise list) stay one value. */
  private static void flatten(String prefix, JsonNode node, List<String[]> settings) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
            entry.getValue(), settings);
      }
    } else {
      settings.add(new String[] {prefix, node.isTextual() ? node.asText() : node.toString()});
    }
  }
}
