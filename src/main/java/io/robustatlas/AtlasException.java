package io.robustatlas;

/**
 * A failure the user can act on: its message is one line that names what is wrong and where, and
 * it carries the process exit code. The command line prints the message instead of a stack trace.
 */
public class AtlasException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code for bad input: config, data files, output folders. */
  public static final int BAD_INPUT = 2;

  /** Exit code for a run that finished but could not process every item. */
  public static final int PARTIAL_FAILURE = 1;

  private final int exitCode;

  public AtlasException(String message) {
    this(message, BAD_INPUT, null);
  }

  public AtlasException(String message, Throwable cause) {
    this(message, BAD_INPUT, cause);
  }

  public AtlasException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
