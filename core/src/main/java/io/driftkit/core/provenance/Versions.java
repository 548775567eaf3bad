package io.driftkit.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Versions as the build recorded them: driftkit's own, and those of the jars classes come from. */
public final class Versions {

  /** What a version reads as when the build recorded none. */
  public static final String UNKNOWN = "unknown";
  /** A class that came from a directory of classes (a development build or a test), not from a jar. */
  public static final String CLASS_PATH = "class path";

  private static final String RESOURCE = "/io/driftkit/core/driftkit-version.properties";
  private static volatile String driftkit;

  private Versions() {}

  /** driftkit's version, which the build writes into a resource of the core jar. */
  public static String driftkit() {
    if (driftkit == null) {
      Properties p = new Properties();
      try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      String v = p.getProperty("version", "").strip();
      // an unfiltered copy (an IDE that skips Maven's resource filtering) still holds the placeholder
      driftkit = v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }
    return driftkit;
  }

  /** The jar a class was loaded from; empty for a directory of classes or a class without a code source. */
  public static Optional<Path> jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !"file".equals(location.getProtocol())) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(location.toURI());
      return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Where a class came from, for messages: its jar, or {@link #CLASS_PATH}. */
  public static String sourceOf(Class<?> type) {
    return jarOf(type).map(Path::toString).orElse(CLASS_PATH);
  }

  /** The version of the jar a class came from ({@link #ofJar}), or {@link #UNKNOWN}. */
  public static String of(Class<?> type) {
    return jarOf(type).map(Versions::ofJar).orElse(UNKNOWN);
  }

  /**
   * A jar's version: its manifest's {@code Implementation-Version}, else the version in the Maven
   * {@code pom.properties} it carries (the one whose artifactId starts its file name, when it carries several).
   */
  public static String ofJar(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String v = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
      List<Properties> poms = new ArrayList<>();
      for (JarEntry e : java.util.Collections.list(file.entries())) {
        if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = file.getInputStream(e)) {
            p.load(in);
          }
          poms.add(p);
        }
      }
      String name = jar.getFileName().toString();
      for (Properties p : poms) {
        String artifact = p.getProperty("artifactId");
        if (artifact != null && name.startsWith(artifact) && p.getProperty("version") != null) {
          return p.getProperty("version").strip();
        }
      }
      return poms.size() == 1 && poms.get(0).getProperty("version") != null
          ? poms.get(0).getProperty("version").strip() : UNKNOWN;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
