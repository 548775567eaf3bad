package io.driftkit.api.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One declared config key of a component: its type, default, documentation and validity check. Keys are relative
 * to the component's prefix ({@code dim} for {@code target.dim}).
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

  private final String key;
  private final String type;
  private final String defaultValue;
  private final String doc;
  private final Function<String, T> parser;
  private final Predicate<T> check;
  private final String expected;
  private final String parsable;

  private Setting(String key, String type, String defaultValue, String doc, Function<String, T> parser,
      Predicate<T> check, String expected) {
    this(key, type, defaultValue, doc, parser, check, expected, expected);
  }

  private Setting(String key, String type, String defaultValue, String doc, Function<String, T> parser,
      Predicate<T> check, String expected, String parsable) {
    this.parsable = parsable;
    this.key = Objects.requireNonNull(key);
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.parser = parser;
    this.check = check;
    this.expected = expected;
  }

  /** An integer key; {@code defaultValue} null makes it required. */
  public static Setting<Integer> integer(String key, Integer defaultValue, String doc) {
    return new Setting<>(key, "integer", str(defaultValue), doc, s -> Integer.valueOf(s.trim()), v -> true,
        "an integer");
  }

  /** A long integer key (seeds, counts). */
  public static Setting<Long> longInteger(String key, Long defaultValue, String doc) {
    return new Setting<>(key, "long", str(defaultValue), doc, s -> Long.valueOf(s.trim()), v -> true,
        "an integer");
  }

  /** A real-number key; NaN and infinities are refused (see {@link #allowingNonFinite()}). */
  public static Setting<Double> real(String key, Double defaultValue, String doc) {
    return new Setting<>(key, "real", str(defaultValue), doc, Setting::parseFiniteReal, v -> true,
        "a finite number");
  }

  /**
   * This real-number setting, accepting NaN and infinities too ({@code Infinity}, {@code -Infinity}, {@code NaN}):
   * for the rare key where a non-finite value means something.
   */
  public Setting<T> allowingNonFinite() {
    if (!type.startsWith("real")) {
      throw new IllegalStateException("allowingNonFinite applies to real settings, not '" + key + "'");
    }
    @SuppressWarnings("unchecked")
    Function<String, T> lenient = (Function<String, T>) (Function<String, Double>) Setting::parseReal;
    return new Setting<>(key, type, defaultValue, doc, lenient, check, expected, "a number");
  }

  /** A true/false key. */
  public static Setting<Boolean> bool(String key, Boolean defaultValue, String doc) {
    return new Setting<>(key, "boolean", str(defaultValue), doc, Setting::parseBoolean, v -> true,
        "true or false");
  }

  /** The type name of {@link #path} settings, by which the host recognises them. */
  public static final String PATH_TYPE = "path";

  /**
   * A file path. The host resolves a relative path against the directory of the config file that gave it (the
   * working directory for a {@code --set}) and records the absolute path, so a run file repeats from anywhere. An
   * empty value means no file.
   */
  public static Setting<Optional<Path>> path(String key, String doc) {
    return new Setting<>(key, PATH_TYPE, "", doc, s -> s.isBlank() ? Optional.empty() : Optional.of(Path.of(s.trim())),
        v -> true, "a file path");
  }

  /** Whether this is a {@link #path} setting. */
  public boolean isPath() {
    return type.equals(PATH_TYPE) || type.startsWith(PATH_TYPE + " (");
  }

  /** The type name of {@link #pathOrName} settings, by which the host recognises them. */
  public static final String PATH_OR_NAME_TYPE = "path or name";

  /**
   * A key that takes either a name (of a registered component, or a word such as {@code none}) or a file path. A
   * value is a path when {@link #namesPath} says so; the host then resolves it as it resolves a {@link #path}
   * setting (against the directory of the config file that gave it, the working directory for a {@code --set})
   * and records it absolute. A name is left as written.
   */
  public static Setting<String> pathOrName(String key, String defaultValue, String doc) {
    return new Setting<>(key, PATH_OR_NAME_TYPE, defaultValue, doc, String::trim, v -> true, "a name or a file path");
  }

  /** Whether this is a {@link #pathOrName} setting. */
  public boolean isPathOrName() {
    return type.equals(PATH_OR_NAME_TYPE);
  }

  /** A file extension at the end of a value: a dot and a short word ({@code .csv}, {@code .properties}). */
  private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z][A-Za-z0-9]{0,9}$");

  /**
   * Whether a value of a {@link #pathOrName} setting is a path: it contains a path separator or ends in a file
   * extension. Names never do; a file or directory whose name is a bare word is written {@code ./word}.
   */
  public static boolean namesPath(String value) {
    String v = value.trim();
    return v.contains("/") || v.contains("\\") || EXTENSION.matcher(v).find();
  }

  /** A free-text key. */
  public static Setting<String> text(String key, String defaultValue, String doc) {
    return new Setting<>(key, "string", defaultValue, doc, String::trim, v -> true, "text");
  }

  /**
   * A key that takes one of the constants of an enum, written in lower case with '-' for '_'
   * ({@code TimeGrid.Spacing.UNIFORM} as {@code uniform}); parsed to the constant.
   */
  public static <E extends Enum<E>> Setting<E> choice(String key, E defaultValue, String doc) {
    Class<E> type = defaultValue.getDeclaringClass();
    return choice(key, type, name(defaultValue), doc);
  }

  /** As {@link #choice(String, Enum, String)}; {@code defaultValue} null makes the key required. */
  public static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, String defaultValue, String doc) {
    E[] constants = type.getEnumConstants();
    String list = String.join(", ", Arrays.stream(constants).map(Setting::name).toList());
    Function<String, E> parse = s -> {
      String word = s.trim().toLowerCase(Locale.ROOT);
      for (E e : constants) {
        if (name(e).equals(word)) {
          return e;
        }
      }
      throw new IllegalArgumentException(s);
    };
    return new Setting<>(key, "one of " + list, defaultValue, doc, parse, v -> true, "one of " + list);
  }

  /** How an enum constant is written in a config file. */
  public static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A key that takes one of the listed words. */
  public static Setting<String> choice(String key, String defaultValue, String doc, String... options) {
    String list = String.join(", ", options);
    return new Setting<>(key, "one of " + list, defaultValue, doc, s -> s.trim().toLowerCase(Locale.ROOT),
        v -> Arrays.asList(options).contains(v), "one of " + list);
  }

  /** A comma-separated list of finite reals. */
  public static Setting<double[]> reals(String key, String defaultValue, String doc) {
    return new Setting<>(key, "list of reals", defaultValue, doc,
        s -> s.isBlank() ? new double[0]
            : Arrays.stream(s.split(",")).mapToDouble(Setting::parseFiniteReal).toArray(),
        v -> true, "comma-separated finite numbers");
  }

  /** A comma-separated list of integers. */
  public static Setting<int[]> integers(String key, String defaultValue, String doc) {
    return new Setting<>(key, "list of integers", defaultValue, doc,
        s -> s.isBlank() ? new int[0]
            : Arrays.stream(s.split(",")).mapToInt(p -> Integer.parseInt(p.trim())).toArray(),
        v -> true, "comma-separated integers");
  }

  /**
   * The same setting with an extra validity check.
   *
   * @param expected what a valid value is, for the error message ("a positive number")
   */
  public Setting<T> check(Predicate<T> valid, String expected) {
    return new Setting<>(key, type + " (" + expected + ")", defaultValue, doc, parser, check.and(valid), expected,
        parsable);
  }

  /** Values must be at least {@code min}. */
  public Setting<T> atLeast(double min) {
    return check(v -> ((Number) v).doubleValue() >= min, "a number >= " + trim(min));
  }

  /** Values must be greater than {@code min}. */
  public Setting<T> greaterThan(double min) {
    return check(v -> ((Number) v).doubleValue() > min, "a number > " + trim(min));
  }

  public String key() {
    return key;
  }

  public String type() {
    return type;
  }

  /** The default as written in a config file, or null for a required key. */
  public String defaultValue() {
    return defaultValue;
  }

  public boolean required() {
    return defaultValue == null;
  }

  public String doc() {
    return doc;
  }

  /**
   * Parses and checks a raw value.
   *
   * @param fullKey the key as the user wrote it, for the message
   * @throws ConfigException naming the key, the value and what was expected
   */
  public T parse(String fullKey, String raw) {
    T value;
    try {
      value = parser.apply(raw);
    } catch (RuntimeException e) {
      throw new ConfigException("invalid value '" + raw + "' for key '" + fullKey + "': expected " + parsable);
    }
    if (!check.test(value)) {
      throw new ConfigException("invalid value '" + raw + "' for key '" + fullKey + "': expected " + expected);
    }
    return value;
  }

  private static double parseReal(String s) {
    String t = s.trim();
    double v = Double.parseDouble(t);
    if (t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")) {
      throw new NumberFormatException(s);
    }
    return v;
  }

  private static double parseFiniteReal(String s) {
    double v = parseReal(s);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not finite: " + s);
    }
    return v;
  }

  private static boolean parseBoolean(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(s);
    };
  }

  private static String str(Object v) {
    return v == null ? null : String.valueOf(v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
