package io.driftkit.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A typed, strict view of one component's config keys: every key given must be declared, every required key must be
 * given, and every value parses to its declared type. {@link #effective()} lists all values, defaults included.
 */
public final class Settings {

  private final String owner;
  private final String prefix;
  private final Map<String, String> values;
  private final Map<String, Setting<?>> declared;

  private Settings(String owner, String prefix, Map<String, String> values, Map<String, Setting<?>> declared) {
    this.owner = owner;
    this.prefix = prefix;
    this.values = values;
    this.declared = declared;
  }

  /**
   * Validates {@code given} (keys relative to {@code prefix}) against the declared settings.
   *
   * @param owner how to name the component in messages, e.g. {@code "target 'funnel'"}
   * @param prefix the key prefix users write, e.g. {@code "target."}
   * @throws ConfigException for an unknown key, a missing required key or a value that does not parse
   */
  public static Settings of(String owner, String prefix, Map<String, String> given, List<Setting<?>> declared) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    for (Setting<?> s : declared) {
      if (byKey.put(s.key(), s) != null) {
        throw new IllegalStateException(owner + " declares the key '" + s.key() + "' twice");
      }
    }
    for (String key : given.keySet()) {
      if (!byKey.containsKey(key)) {
        String known = byKey.isEmpty() ? "none" : byKey.keySet().stream().map(k -> prefix + k)
            .collect(Collectors.joining(", "));
        throw new ConfigException("unknown key '" + prefix + key + "' for " + owner + "; known keys: " + known);
      }
    }
    Map<String, String> values = new TreeMap<>();
    for (Setting<?> s : declared) {
      String raw = given.containsKey(s.key()) ? given.get(s.key()) : s.defaultValue();
      if (raw == null) {
        throw new ConfigException("missing required key '" + prefix + s.key() + "' for " + owner + ": "
            + s.doc() + " (" + s.type() + ")");
      }
      s.parse(prefix + s.key(), raw);
      values.put(s.key(), raw.trim());
    }
    return new Settings(owner, prefix, values, byKey);
  }

  /** Settings with no keys at all. */
  public static Settings empty(String owner, String prefix) {
    return new Settings(owner, prefix, new TreeMap<>(), Map.of());
  }

  /** The value of a declared setting. */
  public <T> T get(Setting<T> setting) {
    if (!declared.containsKey(setting.key())) {
      throw new IllegalStateException(owner + " reads the undeclared key '" + setting.key() + "'");
    }
    return setting.parse(prefix + setting.key(), values.get(setting.key()));
  }

  /** All keys with their values (relative keys, sorted), defaults included. */
  public Map<String, String> effective() {
    return Collections.unmodifiableMap(values);
  }

  public String owner() {
    return owner;
  }

  public String prefix() {
    return prefix;
  }

  /** A config error about one of this component's keys. */
  public ConfigException invalid(Setting<?> setting, String problem) {
    return new ConfigException("invalid value '" + values.get(setting.key()) + "' for key '" + prefix
        + setting.key() + "': " + problem);
  }
}
