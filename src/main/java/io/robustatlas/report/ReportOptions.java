package io.robustatlas.report;

/**
 * What the report stage needs: only the folder. It has no settings of its own and reads no
 * config: it describes the folder's tables and the manifest the stages that wrote them recorded.
 *
 * @param outDir the run's output folder, any Hadoop path
 */
public record ReportOptions(String outDir) {}
