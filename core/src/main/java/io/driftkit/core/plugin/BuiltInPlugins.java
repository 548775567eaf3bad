package io.driftkit.core.plugin;

import io.driftkit.api.plugin.Spi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which driftkit artifact registers each of driftkit's own plugin names ({@code forward.vp =
 * io.driftkit:driftkit-sde-forward}), so that a name missing only because its module is not a dependency is
 * answered with the artifact to add. The list is a resource of core (core depends on no plugin); a test in
 * driftkit-all checks it against what the plugins register.
 */
final class BuiltInPlugins {

  static final String RESOURCE = "built-in-plugins.properties";

  private static volatile Map<String, String> artifacts;

  private BuiltInPlugins() {}

  /** The artifact ({@code groupId:artifactId}) that registers {@code name} for {@code spi}, if driftkit ships it. */
  static Optional<String> artifactOf(Spi<?> spi, String name) {
    return Optional.ofNullable(all().get(spi.key() + "." + name));
  }

  /** Every entry, {@code spi.name -> groupId:artifactId}, sorted. */
  static Map<String, String> all() {
    if (artifacts == null) {
      Properties p = new Properties();
      try (InputStream in = BuiltInPlugins.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE + " of driftkit-core");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      Map<String, String> m = new TreeMap<>();
      p.forEach((k, v) -> m.put(k.toString(), v.toString().strip()));
      artifacts = m;
    }
    return artifacts;
  }
}
