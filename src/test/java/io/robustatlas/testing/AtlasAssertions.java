package io.robustatlas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.robustatlas.AtlasException;
import org.junit.jupiter.api.function.Executable;

/** Assertions for the errors a user sees: one-line messages with exit code 2. */
public final class AtlasAssertions {
  private AtlasAssertions() {}

  /**
   * Asserts that {@code action} fails with a {@code type} (an {@link AtlasException}) of exit code
   * 2 (bad input) whose message is a single line, and returns that message for the caller to check.
   */
  public static String assertBadInput(Class<? extends AtlasException> type, Executable action) {
    AtlasException error = assertThrows(type, action);
    assertEquals(2, error.exitCode(), "exit code of: " + error.getMessage());
    assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
    return error.getMessage();
  }
}
