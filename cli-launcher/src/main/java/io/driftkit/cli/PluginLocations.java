package io.driftkit.cli;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.provenance.Versions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the {@code driftkit} command looks for plugins: {@code plugins/} under the installation, every directory in
 * {@value #ENVIRONMENT}, and every {@code --plugins DIR}. Each is laid out the same way, one directory per plugin
 * holding its jars: {@code ROOT/NAME/*.jar}.
 */
final class PluginLocations {

  /** Plugin roots, separated like a class path ({@code :} on Unix). */
  static final String ENVIRONMENT = "DRIFTKIT_PLUGINS";
  /** The installation directory; the {@code ./driftkit} script sets it to the repository root. */
  static final String HOME_PROPERTY = "driftkit.home";
  /** The plugin root under the installation. */
  static final String PLUGINS = "plugins";

  private PluginLocations() {}

  /**
   * The installation directory: {@code -Ddriftkit.home}, else the directory of the launcher jar; empty when the
   * command runs from a directory of classes (a test, an IDE).
   */
  static Optional<Path> installation() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home));
    }
    return Versions.jarOf(DriftkitCommand.class).map(Path::getParent);
  }

  /**
   * The plugin roots in search order, each once: the installation's {@code plugins/} when it exists, then
   * {@value #ENVIRONMENT}, then {@code --plugins}.
   *
   * @throws ConfigException naming a directory the user gave that does not exist
   */
  static List<Path> roots(Optional<Path> installation, Map<String, String> environment, List<Path> options) {
    Set<Path> roots = new LinkedHashSet<>();
    installation.map(home -> home.resolve(PLUGINS)).filter(Files::isDirectory).ifPresent(roots::add);
    String variable = environment.get(ENVIRONMENT);
    if (variable != null) {
      for (String dir : variable.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          roots.add(existing(Path.of(dir.strip()), ENVIRONMENT + "=" + variable));
        }
      }
    }
    for (Path dir : options) {
      roots.add(existing(dir, "--plugins"));
    }
    List<Path> unique = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path root : roots) {
      if (seen.add(root.toAbsolutePath().normalize())) {
        unique.add(root);
      }
    }
    return unique;
  }

  private static Path existing(Path dir, String origin) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("plugin directory '" + dir + "' (from " + origin + ") does not exist or is not a"
          + " directory; it should hold one directory per plugin, e.g. " + dir.resolve("NAME/plugin.jar"));
    }
    return dir;
  }
}
