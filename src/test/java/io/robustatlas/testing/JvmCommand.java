package io.robustatlas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The start of a command line for a JVM that runs Spark: this JVM's {@code java} and the options
 * the build wrote for {@code submit.sh} (Spark's {@code --add-opens} list and the Vector API).
 */
public final class JvmCommand {
  private JvmCommand() {}

  public static List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      String options = Files.readString(Path.of("target/launcher/java-options")).trim();
      command.addAll(Arrays.asList(options.split("\\s+")));
    } catch (IOException e) {
      throw new UncheckedIOException("Run the Maven build first (it writes target/launcher/)", e);
    }
    return command;
  }
}
