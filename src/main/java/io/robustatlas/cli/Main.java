package io.robustatlas.cli;

import io.robustatlas.AtlasException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point for {@code spark-submit --class io.robustatlas.cli.Main <jar> STAGE [options]}; one
 * stage per Spark application, so each stage gets its own resources ({@code jobs/<stage>.properties}).
 */
@Command(
    name = "robustness-atlas",
    mixinStandardHelpOptions = true,
    version = "robustness-atlas 0.1.0",
    subcommands = {
      TrainCommand.class,
      RobustnessCommand.class,
      EnsembleCommand.class,
      MetaCommand.class,
      ExplainCommand.class,
      ReportCommand.class
    },
    description =
        "Trains LeNet-5 grids and measures how each prediction survives input and weight noise.")
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a stage in this JVM and returns its exit code, as {@link #main} would exit with it; an
   * {@link AtlasException} becomes one {@code error:} line on standard error.
   */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parsed) -> {
          AtlasException failure = userFacing(exception);
          if (failure == null) {
            throw exception;
          }
          System.err.println("error: " + failure.getMessage());
          return failure.exitCode();
        });
    return commandLine.execute(args);
  }

  /** The AtlasException behind an exception, looking through Spark's and Java's wrappers. */
  static AtlasException userFacing(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof AtlasException atlas) {
        return atlas;
      }
    }
    return null;
  }

  /** Prints a stage summary on standard output, where scripts and schedulers capture it. */
  static void report(String summary) {
    System.out.println(summary);
  }
}
