package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.plugin.DriftkitPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins from plugin directories ({@code plugins/NAME/*.jar} under the installation, {@code DRIFTKIT_PLUGINS},
 * {@code --plugins}), built at test time, through the real command. A broken plugin is reported in one line naming
 * its class and jar, and stops only the commands that use it.
 */
class PluginDirectoryTest extends CommandLineHarness {

  @TempDir
  Path dir;

  /** A healthy plugin whose target says which loader loaded it and what it can see. */
  static final String BANANA = """
      package org.example.banana;

      import io.driftkit.api.Target;
      import io.driftkit.api.config.Setting;
      import io.driftkit.api.config.Settings;
      import io.driftkit.api.plugin.ComponentContext;
      import io.driftkit.api.plugin.ComponentFactory;
      import io.driftkit.api.plugin.DriftkitPlugin;
      import io.driftkit.api.plugin.SpiVersion;
      import java.util.List;
      import org.nd4j.linalg.api.ndarray.INDArray;

      public final class BananaPlugin extends DriftkitPlugin {
        public BananaPlugin() { super(SpiVersion.CURRENT); }
        public String moduleName() { return "banana"; }
        protected void configure() { targets().bind("wide-gaussian", Wide.class); }

        /** N(0, s^2 I) in 2-D. */
        public static final class Wide implements ComponentFactory<Target> {
          static final Setting<Double> SCALE = Setting.real("scale", 2.0, "standard deviation").greaterThan(0);
          public String description() {
            String core;
            try {
              Class.forName("io.driftkit.core.run.Pipeline", false, getClass().getClassLoader());
              core = "visible";
            } catch (ClassNotFoundException e) {
              core = "hidden";
            }
            return "greeting=" + org.example.shared.Greeting.from() + " core=" + core + " loader="
                + getClass().getClassLoader().getName();
          }
          public List<Setting<?>> settings() { return List.of(SCALE); }
          public Target create(Settings s, ComponentContext c) {
            double s2 = s.get(SCALE) * s.get(SCALE);
            return new Target() {
              public int dim() { return 2; }
              public INDArray logDensity(INDArray x) { return x.mul(x).sum(1).muli(-0.5 / s2); }
              public INDArray gradLogDensity(INDArray x) { return x.mul(-1.0 / s2); }
            };
          }
        }
      }
      """;

  static final String GREETING = """
      package org.example.shared;

      public final class Greeting {
        public static String from() { return "plugin"; }
      }
      """;

  private static final String WIDE_RUN = String.join("\n", "method = langevin", "method.mala = true",
      "method.step-size = 0.5", "target = wide-gaussian", "target.scale = 3", "integrator.steps = 50",
      "sample.n = 200", "output.plot = false", "");

  /** Installs the banana plugin, with a copy of the api jar bundled (it must still come from the host). */
  private Path banana(Path root) throws Exception {
    Path plugin = root.resolve("banana");
    new PluginJars().source("org.example.banana.BananaPlugin", BANANA)
        .source("org.example.shared.Greeting", GREETING).plugin("org.example.banana.BananaPlugin")
        .implementationVersion("2.5.0").build(dir.resolve("build-banana"), plugin.resolve("banana-plugin.jar"));
    PluginJars.jarOf(DriftkitPlugin.class, plugin.resolve("driftkit-api-copy.jar"));
    return plugin.resolve("banana-plugin.jar");
  }

  @Test
  void aPluginInTheInstallationsPluginsDirectoryIsFoundAndRuns() throws Exception {
    Path home = dir.resolve("home");
    Path jar = banana(home.resolve("plugins"));
    // a jar whose only version is its Maven pom.properties
    Path cherry = new PluginJars().source("org.example.cherry.CherryPlugin", """
        package org.example.cherry;
        public final class CherryPlugin extends io.driftkit.api.plugin.DriftkitPlugin {
          public CherryPlugin() { super(io.driftkit.api.plugin.SpiVersion.CURRENT); }
        }
        """).plugin("org.example.cherry.CherryPlugin")
        .entry("META-INF/maven/org.example/cherry-plugin/pom.properties",
            "groupId=org.example\nartifactId=cherry-plugin\nversion=3.1\n")
        .build(dir.resolve("build-cherry"), home.resolve("plugins/cherry/cherry-plugin-3.1.jar"));
    installation = Optional.of(home);

    assertThat(driftkit("plugins")).as(err).isZero();
    assertThat(out).containsPattern("org\\.example\\.cherry\\.CherryPlugin +3\\.1 +" + java.util.regex.Pattern.quote(
        cherry.toString()));
    // its own loader, child-first for its own classes, the host's driftkit modules out of sight
    assertThat(out).contains("wide-gaussian", "banana", "greeting=plugin core=hidden loader="
        + home.resolve("plugins").resolve("banana"));
    assertThat(out).contains("org.example.banana.BananaPlugin", "2.5.0", jar.toString());
    assertThat(out).doesNotContain("broken");

    Path config = Files.writeString(dir.resolve("wide.properties"), WIDE_RUN);
    Path run = dir.resolve("run");
    assertThat(driftkit("run", config.toString(), "--out", run.toString())).as(err).isZero();
    String properties = Files.readString(run.resolve("run.properties"));
    assertThat(properties).contains("target = wide-gaussian",
        "provenance.plugin.org.example.banana.BananaPlugin.jar = " + jar.toString().replace(":", "\\:"),
        "provenance.plugin.org.example.banana.BananaPlugin.version = 2.5.0");
  }

  @Test
  void pluginRootsComeFromTheEnvironmentAndTheOption() throws Exception {
    Path fromEnvironment = dir.resolve("env-plugins");
    banana(fromEnvironment);
    environment = Map.of(PluginLocations.ENVIRONMENT, fromEnvironment.toString());
    assertThat(driftkit("describe", "target", "wide-gaussian")).as(err).isZero();
    assertThat(out).contains("greeting=plugin");

    environment = Map.of();
    assertThat(driftkit("describe", "target", "wide-gaussian")).isEqualTo(2);
    assertThat(driftkit("--plugins", fromEnvironment.toString(), "describe", "target", "wide-gaussian"))
        .as(err).isZero();
    assertThat(driftkit("describe", "--plugins", fromEnvironment.toString(), "target", "wide-gaussian"))
        .as(err).isZero();

    assertThat(driftkit("--plugins", dir.resolve("nowhere").toString(), "plugins")).isEqualTo(2);
    assertThat(err).contains("plugin directory '" + dir.resolve("nowhere") + "' (from --plugins) does not exist");
  }

  private static final String BOOM = """
      package org.example.boom;

      import io.driftkit.api.Target;
      import io.driftkit.api.config.Settings;
      import io.driftkit.api.plugin.ComponentContext;
      import io.driftkit.api.plugin.ComponentFactory;
      import io.driftkit.api.plugin.DriftkitPlugin;
      import io.driftkit.api.plugin.SpiVersion;

      public final class BoomPlugin extends DriftkitPlugin {
        public BoomPlugin() { super(SpiVersion.CURRENT); }
        protected void configure() { targets().bind("exploding", Exploding.class); }

        public static final class Exploding implements ComponentFactory<Target> {
          public Exploding() { throw new IllegalStateException("no licence file in /opt/boom"); }
          public String description() { return "never built"; }
          public Target create(Settings s, ComponentContext c) { throw new AssertionError(); }
        }
      }
      """;

  @Test
  void aFactoryWhoseConstructorThrowsIsOneLineAndStopsOnlyRunsThatUseIt() throws Exception {
    Path root = dir.resolve("plugins");
    Path jar = new PluginJars().source("org.example.boom.BoomPlugin", BOOM).plugin("org.example.boom.BoomPlugin")
        .build(dir.resolve("build-boom"), root.resolve("boom").resolve("boom.jar"));
    environment = Map.of(PluginLocations.ENVIRONMENT, root.toString());
    String line = "plugin org.example.boom.BoomPlugin (" + jar + ") is broken: its target factory 'exploding'"
        + " (org.example.boom.BoomPlugin$Exploding) could not be constructed: IllegalStateException: no licence"
        + " file in /opt/boom";

    assertBrokenAndRefused(line, "exploding");
  }

  private static final String DUPLICATE = """
      package org.example.dup;

      import io.driftkit.api.Target;
      import io.driftkit.api.config.Settings;
      import io.driftkit.api.plugin.ComponentContext;
      import io.driftkit.api.plugin.ComponentFactory;
      import io.driftkit.api.plugin.DriftkitPlugin;
      import io.driftkit.api.plugin.SpiVersion;

      public final class DupPlugin extends DriftkitPlugin {
        public DupPlugin() { super(SpiVersion.CURRENT); }
        protected void configure() {
          targets().bind("dup-own", new Unused());
          targets().bind("funnel", new Unused());
        }

        static final class Unused implements ComponentFactory<Target> {
          public String description() { return "never used"; }
          public Target create(Settings s, ComponentContext c) { throw new AssertionError(); }
        }
      }
      """;

  @Test
  void aDuplicateNameIsOneLineAndStopsOnlyRunsThatUseIt() throws Exception {
    Path root = dir.resolve("plugins");
    Path jar = new PluginJars().source("org.example.dup.DupPlugin", DUPLICATE).plugin("org.example.dup.DupPlugin")
        .build(dir.resolve("build-dup"), root.resolve("dup").resolve("dup.jar"));
    environment = Map.of(PluginLocations.ENVIRONMENT, root.toString());
    String line = "plugin org.example.dup.DupPlugin (" + jar + ") is broken: it registers target 'funnel', which"
        + " io.driftkit.targets.TargetsPlugin (" + classPathSource(io.driftkit.targets.TargetsPlugin.class)
        + ") registered first";

    assertBrokenAndRefused(line, "funnel");
    // its other name goes with it
    assertThat(driftkit("describe", "target", "dup-own")).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("error: " + line);
  }

  /** How a class-path plugin's source is named: its jar, or "class path" when its classes are a directory. */
  private static String classPathSource(Class<?> type) throws Exception {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isRegularFile(location) ? location.toString() : "class path";
  }

  /**
   * {@code plugins} lists the plugin as broken in one line (exit 0), a run naming {@code name} exits 2 with that line
   * and nothing else, and the default pipeline (on a small budget) still runs.
   */
  private void assertBrokenAndRefused(String line, String name) {
    assertThat(driftkit("plugins")).as(err).isZero();
    assertThat(out).contains("broken (runs that name their components are refused):\n  " + line);
    assertThat(out.lines().filter(l -> l.contains("is broken"))).hasSize(1);
    assertThat(err).isEmpty();

    Path refused = dir.resolve("refused");
    assertThat(driftkit("run", "--set", "target=" + name, "--out", refused.toString())).isEqualTo(2);
    assertThat(err.lines().toList()).containsExactly("error: " + line);
    assertThat(refused).doesNotExist();

    Path run = dir.resolve("default");
    assertThat(driftkit("run", "--set", "train.steps=2", "--set", "sample.n=128", "--set", "sample.reference-n=128",
        "--set", "sample.metric-n=128", "--set", "sample.sinkhorn-n=0",
        "--set", "output.plot=false", "--out", run.toString())).as(err).isZero();
    assertThat(run.resolve("metrics.json")).content().contains("\"status\" : \"ok\"");
  }

  @Test
  void pluginsThatCannotBeLoadedAreListedAsBrokenWithTheirJars() throws Exception {
    Path root = dir.resolve("plugins");
    Path ghost = new PluginJars().plugin("org.example.ghost.GhostPlugin")
        .build(dir.resolve("build-ghost"), root.resolve("ghost").resolve("ghost.jar"));
    Path grumpy = new PluginJars().source("org.example.grumpy.GrumpyPlugin", """
        package org.example.grumpy;
        public final class GrumpyPlugin extends io.driftkit.api.plugin.DriftkitPlugin {
          public GrumpyPlugin() {
            super(io.driftkit.api.plugin.SpiVersion.CURRENT);
            throw new IllegalStateException("not today");
          }
        }
        """).plugin("org.example.grumpy.GrumpyPlugin")
        .build(dir.resolve("build-grumpy"), root.resolve("grumpy").resolve("grumpy.jar"));
    Path loose = Files.copy(ghost, root.resolve("loose.jar"));
    Files.createDirectories(root.resolve("empty"));
    environment = Map.of(PluginLocations.ENVIRONMENT, root.toString());

    assertThat(driftkit("plugins")).as(err).isZero();
    assertThat(out).contains(
        "plugin org.example.ghost.GhostPlugin (" + ghost + ") is broken: the class is not in its jars",
        "plugin org.example.grumpy.GrumpyPlugin (" + grumpy + ") is broken: its constructor threw"
            + " IllegalStateException: not today",
        "plugin directory " + loose + " is broken: a jar directly in " + root,
        "plugin directory " + root.resolve("empty") + " is broken: it holds no jar");
    // what they would have registered is unknown, so an unknown name says which plugins did not load
    assertThat(driftkit("run", "--set", "target=ghost-target")).isEqualTo(2);
    assertThat(err).contains("unknown target 'ghost-target'", "; not loaded: ",
        "plugin org.example.ghost.GhostPlugin (" + ghost + ") is broken: the class is not in its jars");
  }

  private static final String FRAGILE = """
      package org.example.fragile;

      import io.driftkit.api.Target;
      import io.driftkit.api.config.Settings;
      import io.driftkit.api.plugin.ComponentContext;
      import io.driftkit.api.plugin.ComponentFactory;
      import io.driftkit.api.plugin.DriftkitPlugin;
      import io.driftkit.api.plugin.SpiVersion;

      public final class FragilePlugin extends DriftkitPlugin {
        public FragilePlugin() { super(SpiVersion.CURRENT); }
        protected void configure() {
          targets().bind("fragile", new Fragile());
          targets().bind("picky", new Picky());
        }

        static final class Fragile implements ComponentFactory<Target> {
          public String description() { return "throws while being created"; }
          public Target create(Settings s, ComponentContext c) { return allocate(); }
          private static Target allocate() { throw new RuntimeException("cannot allocate the grid"); }
        }

        static final class Picky implements ComponentFactory<Target> {
          public String description() { return "refuses its settings"; }
          public Target create(Settings s, ComponentContext c) {
            throw new IllegalArgumentException("picky needs a grid size");
          }
        }
      }
      """;

  @Test
  void aComponentThatThrowsWhileBeingCreatedFailsTheRunAtAssemblyWithARunDirectory() throws Exception {
    Path root = dir.resolve("plugins");
    new PluginJars().source("org.example.fragile.FragilePlugin", FRAGILE).plugin("org.example.fragile.FragilePlugin")
        .build(dir.resolve("build-fragile"), root.resolve("fragile").resolve("fragile.jar"));
    environment = Map.of(PluginLocations.ENVIRONMENT, root.toString());

    Path config = Files.writeString(dir.resolve("fragile.properties"), WIDE_RUN.replace("wide-gaussian", "fragile")
        .replace("target.scale = 3\n", ""));
    Path run = dir.resolve("fragile-run");
    assertThat(driftkit("run", config.toString(), "--out", run.toString())).isEqualTo(DriftkitCommand.EXIT_FAILED);
    Map<?, ?> metrics = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
        run.resolve("metrics.json").toFile(), Map.class);
    assertThat(metrics.get("status")).isEqualTo("failed");
    assertThat(metrics.get("failed_stage")).isEqualTo("assembly");
    assertThat(metrics.get("error")).isEqualTo(
        "target 'fragile' failed while being created: RuntimeException: cannot allocate the grid");
    assertThat(metrics.get("target")).isEqualTo("fragile");
    // the stack trace goes to the run directory, the terminal gets two lines
    assertThat(run.resolve("error.txt")).content().contains("java.lang.RuntimeException: cannot allocate the grid",
        "org.example.fragile.FragilePlugin$Fragile.allocate(FragilePlugin.java:");
    assertThat(err.lines().toList()).containsExactly(
        "error: run failed during assembly: " + metrics.get("error"),
        "what was complete is in " + run + "; the stack trace is in " + run.resolve("error.txt"));
    assertThat(run.resolve("run.properties")).content().contains("target = fragile", "method = langevin");

    // a factory's IllegalArgumentException is a configuration error: exit 2, nothing written
    Path picky = dir.resolve("picky-run");
    assertThat(driftkit("run", config.toString(), "--set", "target=picky", "--out", picky.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err.strip()).isEqualTo("error: target 'picky': picky needs a grid size");
    assertThat(picky).doesNotExist();
  }

  @Test
  void theLauncherRefusesTheClassPathVariableItNoLongerReads() throws Exception {
    Path script = Path.of(System.getProperty("user.dir")).resolveSibling("driftkit");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "plugins").redirectErrorStream(true);
    pb.environment().put("DRIFTKIT_CLASSPATH", "/tmp/some-plugin.jar");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(output).contains("DRIFTKIT_CLASSPATH is no longer read", "plugins/NAME/*.jar", "DRIFTKIT_PLUGINS",
        "--plugins DIR");
  }

  @Test
  void theVersionComesFromTheBuild() {
    String built = System.getProperty("driftkit.test.version"); // ${project.version}, passed by surefire
    assertThat(built).isNotBlank();
    assertThat(driftkit("--version")).isZero();
    assertThat(out.strip()).isEqualTo("driftkit " + built);
  }
}
