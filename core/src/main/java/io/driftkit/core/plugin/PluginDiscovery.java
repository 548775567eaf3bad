package io.driftkit.core.plugin;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.core.provenance.Versions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds plugins: the classes named in {@code META-INF/services/io.driftkit.api.plugin.DriftkitPlugin} on the host's
 * class path, and in the jars of each plugin directory ({@code ROOT/NAME/*.jar}, one class loader per directory).
 * The services files are read here rather than through {@link java.util.ServiceLoader} so that a plugin that fails
 * to load is still known by its class name and its jar.
 */
final class PluginDiscovery {

  static final String SERVICES = "META-INF/services/" + DriftkitPlugin.class.getName();

  private PluginDiscovery() {}

  /**
   * A plugin class a services file names.
   *
   * @param className the class
   * @param source the jar whose services file names it, or {@link Versions#CLASS_PATH}
   * @param loader the loader to load it with
   */
  record Candidate(String className, String source, ClassLoader loader) {}

  /** What a search found: plugin classes to load, directories that hold none, and the loaders it made. */
  record Found(List<Candidate> candidates, List<BrokenPlugin> broken, List<PluginClassLoader> loaders) {}

  /** The plugins {@code loader}'s services files name, sorted by class name. */
  static Found classPath(ClassLoader loader) {
    List<BrokenPlugin> broken = new ArrayList<>();
    Map<String, Candidate> byName = new LinkedHashMap<>();
    try {
      for (URL file : Collections.list(loader.getResources(SERVICES))) {
        String source = sourceOf(file);
        try {
          for (String name : classNames(file)) {
            byName.putIfAbsent(name, new Candidate(name, source, loader));
          }
        } catch (IOException e) {
          broken.add(new BrokenPlugin(null, source, "cannot read " + SERVICES + ": " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + SERVICES + " on the class path", e);
    }
    List<Candidate> sorted = new ArrayList<>(byName.values());
    sorted.sort((a, b) -> a.className().compareTo(b.className()));
    return new Found(sorted, broken, List.of());
  }

  /**
   * The plugins in each {@code root/NAME/} directory (roots in the order given, directories by name), each
   * directory with its own {@link PluginClassLoader} over its jars.
   *
   * @throws ConfigException when a root is not a directory
   */
  static Found directories(List<Path> roots, ClassLoader host) {
    List<Candidate> candidates = new ArrayList<>();
    List<BrokenPlugin> broken = new ArrayList<>();
    List<PluginClassLoader> loaders = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        throw new ConfigException("plugin directory '" + root + "' does not exist or is not a directory");
      }
      for (Path entry : list(root)) {
        if (Files.isRegularFile(entry) && isJar(entry)) {
          broken.add(new BrokenPlugin(null, entry.toString(), "a jar directly in " + root
              + "; each plugin lives in a directory of its own: move it to " + root.resolve("NAME")
              .resolve(entry.getFileName())));
        } else if (Files.isDirectory(entry)) {
          directory(entry, host, candidates, broken, loaders);
        }
      }
    }
    return new Found(candidates, broken, loaders);
  }

  private static void directory(Path dir, ClassLoader host, List<Candidate> candidates, List<BrokenPlugin> broken,
      List<PluginClassLoader> loaders) {
    List<Path> jars = list(dir).stream().filter(f -> Files.isRegularFile(f) && isJar(f)).toList();
    if (jars.isEmpty()) {
      broken.add(new BrokenPlugin(null, dir.toString(), "it holds no jar"));
      return;
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException("a file path is always a URL: " + jar, e);
      }
    }
    PluginClassLoader loader = new PluginClassLoader(dir.toString(), urls, host);
    loaders.add(loader);
    int before = candidates.size();
    try {
      for (URL file : loader.ownResources(SERVICES)) {
        String source = sourceOf(file);
        try {
          for (String name : classNames(file)) {
            candidates.add(new Candidate(name, source, loader));
          }
        } catch (IOException e) {
          broken.add(new BrokenPlugin(null, source, "cannot read " + SERVICES + ": " + e.getMessage()));
        }
      }
    } catch (IOException e) {
      broken.add(new BrokenPlugin(null, dir.toString(), "cannot list its jars' " + SERVICES + ": " + e.getMessage()));
      return;
    }
    if (candidates.size() == before) {
      broken.add(new BrokenPlugin(null, dir.toString(), "none of its jars names a plugin in " + SERVICES));
    }
    candidates.subList(before, candidates.size()).sort((a, b) -> a.className().compareTo(b.className()));
  }

  /** The class names in one services file: one per line, {@code #} starts a comment. */
  private static List<String> classNames(URL file) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash < 0 ? line : line.substring(0, hash)).strip();
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The jar a services file sits in, or {@link Versions#CLASS_PATH} for a directory of classes. */
  private static String sourceOf(URL servicesFile) {
    if ("jar".equals(servicesFile.getProtocol())) {
      try {
        URL jar = ((JarURLConnection) servicesFile.openConnection()).getJarFileURL();
        return "file".equals(jar.getProtocol()) ? Path.of(jar.toURI()).toString() : jar.toString();
      } catch (IOException | URISyntaxException | IllegalArgumentException e) {
        return servicesFile.toString();
      }
    }
    return Versions.CLASS_PATH;
  }

  private static boolean isJar(Path file) {
    return file.getFileName().toString().endsWith(".jar");
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugin directory '" + dir + "'", e);
    }
  }
}
