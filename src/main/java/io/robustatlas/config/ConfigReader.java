package io.robustatlas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.robustatlas.noise.NoiseKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads typed values from a merged HOCON tree and turns every mistake into a {@link
 * ConfigException} that names the key, the value, the rule and the origin (file and line, or the
 * {@code --set} that gave it). Absent keys take the caller's default.
 */
final class ConfigReader {
  private static final String NOISE_KIND = "kind";
  private static final String NOISE_LEVELS = "levels";

  private final Config config;

  ConfigReader(Config config) {
    this.config = config;
  }

  long longValue(String key, long fallback, Predicate<Long> rule, String ruleText) {
    return scalar(key, fallback, ConfigReader::toLong, rule, "an integer " + ruleText);
  }

  int intValue(String key, int fallback, Predicate<Integer> rule, String ruleText) {
    return scalar(key, fallback, ConfigReader::toInt, rule, "an integer " + ruleText);
  }

  double doubleValue(String key, double fallback, Predicate<Double> rule, String ruleText) {
    return scalar(key, fallback, ConfigReader::toDouble, rule, "a number " + ruleText);
  }

  boolean booleanValue(String key, boolean fallback) {
    return scalar(key, fallback, ConfigReader::toBoolean, v -> true, "true or false");
  }

  String stringValue(String key, String fallback) {
    return scalar(key, fallback, ConfigReader::toText, v -> !v.isBlank(), "a non-empty string");
  }

  String stringValue(String key, String fallback, Predicate<String> rule, String ruleText) {
    return scalar(key, fallback, ConfigReader::toText, rule, ruleText);
  }

  /**
   * A file path or URI. A relative local path set in a config file is taken relative to that
   * file's folder, so a config works from any working directory; one from {@code --set} stays
   * relative to the working directory, like any command-line path.
   */
  String pathValue(String key, String fallback) {
    String path = stringValue(key, fallback);
    if (!config.hasPath(key) || path.contains(":") || path.startsWith("/")) {
      return path;
    }
    String file = config.getValue(key).origin().filename();
    if (file == null) {
      return path;
    }
    return java.nio.file.Path.of(file).toAbsolutePath().getParent().resolve(path).normalize().toString();
  }

  <E extends Enum<E>> E enumValue(String key, E fallback, Class<E> type) {
    return scalar(key, fallback, v -> toEnum(v, type), v -> true, oneOf(type));
  }

  /** An enum value that must also pass {@code rule}; {@code ruleText} names the values allowed. */
  <E extends Enum<E>> E enumValue(
      String key, E fallback, Class<E> type, Predicate<E> rule, String ruleText) {
    return scalar(key, fallback, v -> toEnum(v, type), rule, ruleText);
  }

  List<Integer> intList(String key, List<Integer> fallback, Predicate<Integer> rule, String text) {
    return list(key, fallback, ConfigReader::toInt, rule, "integers " + text);
  }

  List<Long> longList(String key, List<Long> fallback, Predicate<Long> rule, String text) {
    return list(key, fallback, ConfigReader::toLong, rule, "integers " + text);
  }

  List<Double> doubleList(String key, List<Double> fallback, Predicate<Double> rule, String text) {
    return list(key, fallback, ConfigReader::toDouble, rule, "numbers " + text);
  }

  <E extends Enum<E>> List<E> enumList(String key, List<E> fallback, Class<E> type) {
    return list(key, fallback, v -> toEnum(v, type), v -> true, "values " + oneOf(type));
  }

  private <T> T scalar(
      String key, T fallback, Function<Object, T> parse, Predicate<T> rule, String expected) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    T parsed = parseOrFail(key, value, value.unwrapped(), parse, "must be " + expected);
    if (!rule.test(parsed)) {
      throw invalid(key, value, "must be " + expected);
    }
    return parsed;
  }

  /**
   * {@code robustness.noise}: a list of {@code {kind, levels}} objects, each kind at most once, its
   * levels (a list, or one number) distinct and valid for the kind. An unknown kind gets a "did you
   * mean"; an unknown field in an object is an unknown key.
   */
  List<NoiseSetting> noiseList(String key, List<NoiseSetting> fallback) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    ConfigValue value = config.getValue(key);
    List<ConfigValue> elements = elements(value);
    if (elements.isEmpty()) {
      throw invalid(
          key, value, "must be a non-empty list of {kind, levels} objects, kinds " + kinds());
    }
    List<NoiseSetting> settings = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      NoiseSetting setting = noiseSetting(key + "[" + i + "]", elements.get(i));
      if (settings.stream().anyMatch(s -> s.kind() == setting.kind())) {
        throw invalid(
            key, value, "must name each kind at most once (" + setting.kind() + " appears twice)");
      }
      settings.add(setting);
    }
    return List.copyOf(settings);
  }

  private NoiseSetting noiseSetting(String key, ConfigValue element) {
    List<String> fields = List.of(NOISE_KIND, NOISE_LEVELS);
    String must = "must be an object {kind = ..., levels = [...]}";
    if (!(element instanceof ConfigObject object)) {
      throw invalid(key, element, must);
    }
    for (String field : object.keySet()) {
      if (!fields.contains(field)) {
        throw new ConfigException(
            "Unknown config key " + key + "." + field + " (" + where(object.get(field))
                + "); did you mean " + key + "." + KeySuggester.closest(field, fields) + "?");
      }
    }
    if (!object.keySet().containsAll(fields)) {
      throw invalid(key, element, must);
    }
    NoiseKind kind = noiseKind(key + "." + NOISE_KIND, object.get(NOISE_KIND));
    String levelsKey = key + "." + NOISE_LEVELS;
    ConfigValue levelsValue = object.get(NOISE_LEVELS);
    List<Double> levels =
        listOf(levelsKey, levelsValue, ConfigReader::toDouble, kind::accepts,
            "numbers " + kind.levelRule());
    if (levels.stream().distinct().count() < levels.size()) {
      throw invalid(levelsKey, levelsValue, "must not repeat a level");
    }
    return new NoiseSetting(kind, levels);
  }

  private static NoiseKind noiseKind(String key, ConfigValue value) {
    String text;
    try {
      text = toText(value.unwrapped());
    } catch (IllegalArgumentException e) {
      throw invalid(key, value, "must be one of " + kinds());
    }
    for (NoiseKind kind : NoiseKind.values()) {
      if (kind.toString().equals(text.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    List<String> names = Arrays.stream(NoiseKind.values()).map(NoiseKind::toString).toList();
    throw new ConfigException(
        invalid(key, value, "must be one of " + kinds()).getMessage()
            + "; did you mean " + KeySuggester.closest(text, names) + "?");
  }

  private static String kinds() {
    return oneOf(NoiseKind.class).substring("one of ".length());
  }

  /** A list's elements, or a single value (never valid here) as a list of one, to name it. */
  private static List<ConfigValue> elements(ConfigValue value) {
    if (value instanceof ConfigList list) {
      return new ArrayList<>(list);
    }
    return List.of(value);
  }

  /** A list axis; a single value counts as a list of one, so {@code --set grid.seed=3} works. */
  private <T> List<T> list(
      String key, List<T> fallback, Function<Object, T> parse, Predicate<T> rule, String expected) {
    if (!config.hasPath(key)) {
      return fallback;
    }
    return listOf(key, config.getValue(key), parse, rule, expected);
  }

  private static <T> List<T> listOf(
      String key,
      ConfigValue value,
      Function<Object, T> parse,
      Predicate<T> rule,
      String expected) {
    String must = "must be a non-empty list of " + expected;
    List<Object> raw = new ArrayList<>();
    if (value.valueType() == ConfigValueType.LIST) {
      raw.addAll((List<?>) value.unwrapped());
    } else {
      raw.add(value.unwrapped());
    }
    if (raw.isEmpty()) {
      throw invalid(key, value, must);
    }
    List<T> parsed = new ArrayList<>();
    for (Object element : raw) {
      T item = parseOrFail(key, value, element, parse, must);
      if (!rule.test(item)) {
        throw invalid(key, value, must);
      }
      parsed.add(item);
    }
    return List.copyOf(parsed);
  }

  private static <T> T parseOrFail(
      String key, ConfigValue value, Object raw, Function<Object, T> parse, String must) {
    try {
      return parse.apply(raw);
    } catch (IllegalArgumentException
        | ClassCastException
        | NullPointerException
        | ArithmeticException e) {
      throw invalid(key, value, must);
    }
  }

  /** The error for {@code key}'s value (set, or its default) breaking {@code rule}. */
  ConfigException invalid(String key, Object fallback, String rule) {
    if (config.hasPath(key)) {
      return invalid(key, config.getValue(key), rule);
    }
    return new ConfigException("Cannot use " + key + " = " + fallback + " (default): " + rule);
  }

  static ConfigException invalid(String key, ConfigValue value, String rule) {
    // Concise: the default rendering of a list spans lines and carries origin comments.
    String shown = value.render(ConfigRenderOptions.concise());
    return new ConfigException(
        "Cannot set " + key + " to " + shown + ": " + rule + " (" + where(value) + ")");
  }

  static String where(ConfigValue value) {
    var origin = value.origin();
    if (origin.filename() != null) {
      return origin.filename() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "");
    }
    // Typesafe appends ": <line>" to string origins; a --set has only one line.
    return origin.description().replaceFirst(": \\d+$", "");
  }

  private static String oneOf(Class<? extends Enum<?>> type) {
    List<String> names = new ArrayList<>();
    for (Enum<?> constant : type.getEnumConstants()) {
      names.add(constant.toString());
    }
    return "one of " + String.join(", ", names);
  }

  private static <E extends Enum<E>> E toEnum(Object raw, Class<E> type) {
    String text = toText(raw);
    for (E constant : type.getEnumConstants()) {
      if (constant.toString().equals(text.toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    throw new IllegalArgumentException(text);
  }

  private static String toText(Object raw) {
    if (raw instanceof String text) {
      return text;
    }
    if (raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    throw new IllegalArgumentException(String.valueOf(raw));
  }

  private static boolean toBoolean(Object raw) {
    if (raw instanceof Boolean flag) {
      return flag;
    }
    String text = toText(raw);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(text);
  }

  private static double toDouble(Object raw) {
    double number = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(toText(raw));
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException("not finite");
    }
    return number;
  }

  private static long toLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    return Long.parseLong(toText(raw).trim());
  }

  private static int toInt(Object raw) {
    return Math.toIntExact(toLong(raw));
  }
}
