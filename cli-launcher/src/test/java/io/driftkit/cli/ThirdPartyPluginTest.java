package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import io.driftkit.api.plugin.DriftkitPlugin;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plugin written outside the project: compiled at test time against the api jar only, packed into its own jar,
 * put on a class loader, and selected from a config file. No project code knows about it.
 */
class ThirdPartyPluginTest {

  @TempDir
  Path dir;

  private static final String TARGET = """
      package org.example.banana;

      import io.driftkit.api.Target;
      import io.driftkit.api.config.Setting;
      import io.driftkit.api.config.Settings;
      import io.driftkit.api.plugin.ComponentContext;
      import io.driftkit.api.plugin.ComponentFactory;
      import java.util.List;
      import org.nd4j.linalg.api.ndarray.INDArray;

      /** An isotropic Gaussian N(0, s^2 I) in 2-D, written by a third party. */
      public final class WideGaussian implements Target {
        static final Setting<Double> SCALE = Setting.real("scale", 2.0, "standard deviation").greaterThan(0);
        private final double s2;
        WideGaussian(double s) { this.s2 = s * s; }
        public int dim() { return 2; }
        public INDArray logDensity(INDArray x) { return x.mul(x).sum(1).muli(-0.5 / s2); }
        public INDArray gradLogDensity(INDArray x) { return x.mul(-1.0 / s2); }

        public static final class Factory implements ComponentFactory<io.driftkit.api.Target> {
          public String description() { return "a wide Gaussian from a third-party jar"; }
          public List<Setting<?>> settings() { return List.of(SCALE); }
          public io.driftkit.api.Target create(Settings s, ComponentContext c) { return new WideGaussian(s.get(SCALE)); }
        }
      }
      """;

  private static final String PLUGIN = """
      package org.example.banana;

      import io.driftkit.api.plugin.DriftkitPlugin;
      import io.driftkit.api.plugin.SpiVersion;

      public final class BananaPlugin extends DriftkitPlugin {
        public BananaPlugin() { super(SpiVersion.CURRENT); }
        public String moduleName() { return "banana-plugin.jar"; }
        protected void configure() { targets().bind("wide-gaussian", WideGaussian.Factory.class); }
      }
      """;

  @Test
  void aPluginJarOnTheClassPathIsSelectedFromAConfig() throws Exception {
    Path jar = buildPluginJar();
    Path config = Files.writeString(dir.resolve("wide.properties"), String.join("\n",
        "method = langevin", "method.mala = true", "method.step-size = 0.5", "target = wide-gaussian",
        "target.scale = 3", "integrator.steps = 200", "sample.n = 2000", "output.plot = false", ""));
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      assertThat(DriftkitCommand.execute(new String[] {"plugins"}, new PrintStream(out, true), quiet)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("wide-gaussian", "banana-plugin.jar");

      Path run = dir.resolve("run");
      assertThat(DriftkitCommand.execute(new String[] {"run", config.toString(), "--out", run.toString()},
          quiet, quiet)).isZero();
      assertThat(Files.readString(run.resolve("run.properties"))).contains("target = wide-gaussian",
          "target.scale = 3");
      // MALA on N(0, 9 I): the per-coordinate variance of 2000 chains is 9 within 4.5 standard errors
      double[] v = Files.readAllLines(run.resolve("samples.csv")).stream().skip(1)
          .flatMap(l -> Stream.of(l.split(","))).mapToDouble(Double::parseDouble).toArray();
      double m2 = 0;
      for (double x : v) {
        m2 += x * x / v.length;
      }
      assertThat(m2).isCloseTo(9.0, org.assertj.core.data.Offset.offset(4.5 * 9 * Math.sqrt(2.0 / v.length)));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private Path buildPluginJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/org/example/banana"));
    Files.writeString(src.resolve("WideGaussian.java"), TARGET);
    Files.writeString(src.resolve("BananaPlugin.java"), PLUGIN);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    // only what a third party has: the api jar and the libraries it exposes
    String classpath = Stream.of(DriftkitPlugin.class, INDArray.class, AbstractModule.class)
        .map(c -> {
          try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).collect(Collectors.joining(java.io.File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp", classpath,
        src.resolve("WideGaussian.java").toString(), src.resolve("BananaPlugin.java").toString());
    assertThat(code).as(diagnostics.toString()).isZero();
    Path jar = dir.resolve("banana-plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path f : List.of(classes.resolve("org/example/banana/WideGaussian.class"),
          classes.resolve("org/example/banana/WideGaussian$Factory.class"),
          classes.resolve("org/example/banana/BananaPlugin.class"))) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.driftkit.api.plugin.DriftkitPlugin"));
      out.write("org.example.banana.BananaPlugin\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
