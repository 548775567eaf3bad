package io.driftkit.core.config;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.Spi;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The flat key/value configuration of one run, read from a {@code .properties} file (Commons Configuration) or a
 * {@code .yaml} file (SnakeYAML), or given as a map, plus {@code --set key=value} overrides. YAML may nest
 * ({@code target: {name: funnel, dim: 10}}); nested keys are joined with dots and {@code X.name} is read as {@code X}
 * for the plugin keys. Both parsers are optional dependencies, needed only where a file is read.
 */
public final class RunConfig {

  /**
   * Keys under this prefix record how a run was made (driftkit's version, plugin jars, data-file hashes: see
   * run.properties); they are not settings, and a config's own are skipped on purpose so a run file runs again.
   */
  public static final String PROVENANCE_PREFIX = "provenance.";

  /** The classpath resource holding the built-in default pipeline. */
  public static final String DEFAULT_RESOURCE = "/io/driftkit/core/default-run.properties";

  private final String source;
  private final Map<String, String> values;
  /** The directory of the config file the values came from, or null: where its relative paths start. */
  private final Path directory;
  /** Keys given on the command line, whose relative paths start at the working directory. */
  private final Set<String> commandLine;

  private RunConfig(String source, Map<String, String> values) {
    this(source, values, null, Set.of());
  }

  private RunConfig(String source, Map<String, String> values, Path directory, Set<String> commandLine) {
    this.source = source;
    this.values = values;
    this.directory = directory;
    this.commandLine = commandLine;
  }

  private RunConfig derive(String newSource, Map<String, String> newValues, Set<String> newCommandLine) {
    return new RunConfig(newSource, newValues, directory, newCommandLine);
  }

  /** A config from explicit values (keys as written in a file). */
  public static RunConfig of(String source, Map<String, String> values) {
    return new RunConfig(source, normalise(source, new TreeMap<>(values)));
  }

  /**
   * The absolute, normalised form of the path {@code raw} given for {@code key}: a relative path starts at the
   * directory of the config file it was written in, or at the working directory when it came from the command line
   * (or from no file). Empty stays empty.
   */
  public String resolvePath(String key, String raw) {
    if (raw == null || raw.isBlank()) {
      return raw;
    }
    Path p = Path.of(raw.trim());
    Path base = directory == null || commandLine.contains(key) ? Path.of("") : directory;
    return base.resolve(p).toAbsolutePath().normalize().toString();
  }

  /** The built-in default pipeline. */
  public static RunConfig defaults() {
    try (InputStream in = RunConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return read("built-in default", new InputStreamReader(in, StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a file; {@code .yaml}/{@code .yml} as YAML, anything else as properties.
   *
   * @throws ConfigException naming the file (and the line, where the parser knows it)
   */
  public static RunConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file '" + file + "' does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException("config file '" + file + "' is not readable");
    }
    String name = file.getFileName().toString().toLowerCase();
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      RunConfig read = read("config file '" + file + "'", reader, yaml);
      return new RunConfig(read.source, read.values, file.toAbsolutePath().getParent(), Set.of());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file '" + file + "': " + e.getMessage(), e);
    }
  }

  private static RunConfig read(String source, Reader reader, boolean yaml) throws IOException {
    Map<String, String> values;
    try {
      values = yaml ? YamlConfig.read(source, reader) : PropertiesConfig.read(source, reader);
    } catch (NoClassDefFoundError e) {
      // the parsers are optional dependencies of driftkit-core: a program that sets its keys in code does without
      throw new ConfigException("reading " + source + " needs " + (yaml ? "org.yaml:snakeyaml"
          : "org.apache.commons:commons-configuration2") + " on the class path (optional in driftkit-core; the"
          + " driftkit command brings both; missing: " + e.getMessage() + "): add it, or set the keys in code"
          + " (Driftkit.sampler(...).set(key, value))", e);
    }
    return new RunConfig(source, normalise(source, values));
  }

  private static Map<String, String> normalise(String source, Map<String, String> values) {
    Map<String, String> out = new TreeMap<>(values);
    out.keySet().removeIf(k -> k.startsWith(PROVENANCE_PREFIX));
    for (Spi<?> spi : Spi.ALL) {
      String alias = spi.key() + ".name";
      if (out.containsKey(alias)) {
        if (out.containsKey(spi.key())) {
          throw new ConfigException(source + " names the " + spi + " twice: '" + spi.key() + "' and '" + alias
              + "'");
        }
        out.put(spi.key(), out.remove(alias));
      }
    }
    return out;
  }

  /**
   * This config with one {@code key=value} override.
   *
   * @throws ConfigException when the text has no '=' or an empty key
   */
  public RunConfig with(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("--set expects key=value, got '" + assignment + "'");
    }
    Map<String, String> copy = new TreeMap<>(values);
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1).trim();
    String old = copy.put(key, value);
    if (!key.contains(".") && old != null && !old.equals(value)) {
      // a plugin key now names another plugin: the old plugin's own keys (e.g. integrator.steps) no longer apply
      copy.keySet().removeIf(k -> k.startsWith(key + "."));
    }
    Set<String> given = new java.util.HashSet<>(commandLine);
    given.add(key);
    return derive(source + " with overrides", normalise(source, copy), Set.copyOf(given));
  }

  /**
   * This config without {@code key} and, when it names a plugin ({@code forward}), without that plugin's own keys
   * ({@code forward.*}), so the method's default applies again.
   *
   * @throws ConfigException when the key is not set
   */
  public RunConfig without(String key) {
    String k = key.trim();
    if (!values.containsKey(k) && values.keySet().stream().noneMatch(x -> x.startsWith(k + "."))) {
      throw new ConfigException("--unset " + k + ": the key is not set in " + source);
    }
    Map<String, String> copy = new TreeMap<>(values);
    copy.remove(k);
    copy.keySet().removeIf(x -> x.startsWith(k + "."));
    return derive(source + " with " + k + " unset", copy, commandLine);
  }

  /**
   * The built-in default pipeline as the starting point of a command line: the whole pipeline when the overrides keep
   * its method, but only its target and run keys ({@code target*}, {@code seed}, {@code sample.*},
   * {@code output.*}) when they choose another method, so that method starts from its own defaults and nothing of
   * the default pipeline's roles (its forward process's settings, say) changes what the command means.
   */
  public static RunConfig defaults(List<String> overrides) {
    RunConfig defaults = defaults();
    String method = defaults.get(Spi.METHOD.key());
    for (String assignment : overrides) {
      int eq = assignment.indexOf('=');
      if (eq > 0 && assignment.substring(0, eq).trim().equals(Spi.METHOD.key())) {
        method = assignment.substring(eq + 1).trim();
      }
    }
    if (method.equals(defaults.get(Spi.METHOD.key()))) {
      return defaults;
    }
    Map<String, String> kept = new TreeMap<>();
    defaults.values.forEach((k, v) -> {
      if (k.equals("target") || k.startsWith("target.") || k.equals("seed") || k.startsWith("sample.")
          || k.startsWith("output.")) {
        kept.put(k, v);
      }
    });
    return new RunConfig("built-in default (target and run keys only, for method '" + method + "')", kept);
  }

  /** This config with every override applied in order. */
  public RunConfig with(List<String> assignments) {
    RunConfig c = this;
    for (String a : assignments) {
      c = c.with(a);
    }
    return c;
  }

  /** The value of a key, or null. */
  public String get(String key) {
    return values.get(key);
  }

  /** The keys under {@code prefix} (which ends in a dot), with the prefix removed. */
  public Map<String, String> subset(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** All keys and values, sorted. */
  public Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Where this config came from, for messages. */
  public String source() {
    return source;
  }
}
