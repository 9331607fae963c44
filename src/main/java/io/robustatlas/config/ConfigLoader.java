package io.robustatlas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Parse;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * Loads a HOCON file, applies {@code --set KEY=VALUE} overrides on top, rejects unknown keys (with
 * a "did you mean") and reads every section into typed records. Nothing here touches Spark, so a
 * bad config fails in a second, before any cluster resources are asked for.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * @param confFile the HOCON file ({@code conf/default.conf} by default)
   * @param overrides {@code KEY=VALUE} strings; VALUE is HOCON (a number, list, boolean) or else
   *     taken as a plain string, so {@code data.test-images=hdfs://nn/x.gz} works unquoted
   */
  public static AtlasConfig load(File confFile, List<String> overrides) {
    Config merged = parseFile(confFile);
    for (String override : overrides) {
      merged = parseOverride(override).withFallback(merged);
    }
    Config resolved = resolve(merged, confFile);
    rejectUnknownKeys(resolved);
    String rendered = resolved.root().render(ConfigRenderOptions.concise().setFormatted(false));
    String source = confFile.getPath() + (overrides.isEmpty() ? "" : " with " + overrides);
    return AtlasConfig.read(new ConfigReader(resolved), source, rendered);
  }

  private static Config parseFile(File confFile) {
    if (!confFile.isFile()) {
      throw new ConfigException("Config file " + confFile.getPath() + " does not exist");
    }
    try {
      return ConfigFactory.parseFile(
          confFile, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot parse config: " + oneLine(e.getMessage()));
    }
  }

  static Config parseOverride(String override) {
    int equals = override.indexOf('=');
    String key = equals < 0 ? "" : override.substring(0, equals).trim();
    if (key.isEmpty()) {
      throw new ConfigException("Cannot apply --set " + override + ": expected KEY=VALUE");
    }
    String origin = "--set " + override;
    String text = override.substring(equals + 1).trim();
    ConfigValue value = ConfigValueFactory.fromAnyRef(text, origin);
    try {
      Config parsed =
          ConfigFactory.parseString(
              "v = " + text, ConfigParseOptions.defaults().setOriginDescription(origin));
      ConfigValue candidate = parsed.getValue("v");
      // A quoted string is HOCON too: take it unquoted. Only bare text stays verbatim.
      if (candidate.valueType() != ConfigValueType.STRING || text.startsWith("\"")) {
        value = candidate.withOrigin(ConfigOriginFactory.newSimple(origin));
      }
    } catch (Parse | com.typesafe.config.ConfigException.Missing e) {
      // Not HOCON: keep VALUE as a plain string (a path or URI, say).
    } catch (com.typesafe.config.ConfigException.BadPath e) {
      throw new ConfigException("Cannot apply " + origin + ": " + oneLine(e.getMessage()));
    }
    try {
      return ConfigFactory.empty(origin).withValue(key, value);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("Cannot apply " + origin + ": " + oneLine(e.getMessage()));
    }
  }

  private static Config resolve(Config merged, File confFile) {
    try {
      return merged.resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "Cannot resolve config " + confFile.getPath() + ": " + oneLine(e.getMessage()));
    }
  }

  private static void rejectUnknownKeys(Config config) {
    List<String> known = AtlasConfig.knownKeys();
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      String key = entry.getKey();
      if (!known.contains(key)) {
        throw new ConfigException(
            "Unknown config key "
                + key
                + " ("
                + ConfigReader.where(entry.getValue())
                + "); did you mean "
                + KeySuggester.closest(key, known)
                + "?");
      }
    }
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
