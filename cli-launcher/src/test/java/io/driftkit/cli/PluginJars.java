package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import io.driftkit.api.plugin.DriftkitPlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds plugin jars at test time the way a third party would: sources compiled against the api's jars only (the
 * api, ND4J, Guice), packed with a services file naming the plugin classes.
 */
final class PluginJars {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> plugins = new ArrayList<>();
  private final Map<String, String> extraEntries = new LinkedHashMap<>();
  private String implementationVersion;

  /** Adds a source file; {@code className} is its public class. */
  PluginJars source(String className, String text) {
    sources.put(className, text);
    return this;
  }

  /** Names a class in {@code META-INF/services/io.driftkit.api.plugin.DriftkitPlugin}. */
  PluginJars plugin(String className) {
    plugins.add(className);
    return this;
  }

  /** Sets the manifest's {@code Implementation-Version}. */
  PluginJars implementationVersion(String version) {
    implementationVersion = version;
    return this;
  }

  /** Adds a file to the jar as it is (e.g. a Maven {@code pom.properties}). */
  PluginJars entry(String path, String text) {
    extraEntries.put(path, text);
    return this;
  }

  /** Compiles the sources in {@code work} and writes the jar. */
  Path build(Path work, Path jar) throws IOException {
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", apiClassPath()));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    if (!sources.isEmpty()) {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      int code = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
      assertThat(code).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (implementationVersion != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, implementationVersion);
    }
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
      if (!plugins.isEmpty()) {
        put(out, "META-INF/services/" + DriftkitPlugin.class.getName(),
            (String.join("\n", plugins) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, String> e : extraEntries.entrySet()) {
        put(out, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  /** Packs a directory of classes (or copies a jar) into {@code jar}: how a test gets a copy of the api jar. */
  static Path jarOf(Class<?> type, Path jar) throws IOException {
    Path location = location(type);
    Files.createDirectories(jar.getParent());
    if (Files.isRegularFile(location)) {
      return Files.copy(location, jar);
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(location)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    return jar;
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  /** Only what a third party has: the api jar and the libraries it exposes. */
  private static String apiClassPath() {
    return Stream.of(DriftkitPlugin.class, INDArray.class, AbstractModule.class)
        .map(c -> location(c).toString()).collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
