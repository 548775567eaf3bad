package io.driftkit.core.config;

import io.driftkit.api.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * A {@code .properties} config file read with Commons Configuration. Like SnakeYAML for {@link YamlConfig}, the
 * library is an optional dependency of driftkit-core, so only this class refers to it: {@link RunConfig} loads it when
 * it reads such a file, and a program that sets its keys in code runs without the library.
 */
final class PropertiesConfig {

  private PropertiesConfig() {}

  /** The flat keys of the file, as written (not yet normalised). */
  static Map<String, String> read(String source, Reader reader) throws IOException {
    PropertiesConfiguration config = new PropertiesConfiguration();
    try {
      config.read(reader);
    } catch (ConfigurationException | RuntimeException e) {
      throw new ConfigException("malformed " + source + ": " + describe(e), e);
    }
    Map<String, String> values = new TreeMap<>();
    for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
      String key = keys.next();
      List<Object> list = config.getList(Object.class, key);
      if (list.isEmpty()) {
        // "key =" is how run.properties records an empty default (e.g. target.data = the built-in data set)
        values.put(key, "");
        continue;
      }
      if (list.size() != 1) {
        throw new ConfigException("key '" + key + "' in " + source + " has " + list.size()
            + " values; expected one (write lists as a comma-separated string)");
      }
      values.put(key, String.valueOf(list.get(0)).trim());
    }
    return values;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
