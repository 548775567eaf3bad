package io.driftkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.driftkit.cli.DriftkitCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar the invoker's nested build made from examples/plugin-example, in a plugin directory of its own
 * ({@code DIR/banana/}, given as {@code --plugins DIR}, as README's {@code plugins/banana/}): listed by
 * {@code driftkit plugins} and run with README's own {@code --set} settings, its target sampled through its
 * integrator.
 */
class PluginExampleIT {

  static final Path JAR = Path.of("target/it/plugin-example/target/banana-plugin-1.0.jar");

  @TempDir
  Path dir;

  @Test
  void theBuiltPluginIsListedAndRunsInAPipeline() throws Exception {
    assertThat(JAR).as("the invoker's build of the example").exists();
    Path plugins = dir.resolve("plugins");
    Files.copy(JAR, Files.createDirectories(plugins.resolve("banana")).resolve(JAR.getFileName()));
    assertThat(driftkit("plugins", "--plugins", plugins.toString())).contains("wide-gaussian", "ralston",
        "banana-plugin");

    List<String> args = new ArrayList<>(List.of("run", "--plugins", plugins.toString(), "--out",
        dir.resolve("run").toString()));
    for (String setting : ReadmeExample.runSettings()) {
      args.add("--set");
      args.add(setting);
    }
    // fewer samples and no picture than README's run, to keep the build quick
    args.addAll(List.of("--set", "sample.n=1000", "--set", "output.plot=false"));
    driftkit(args.toArray(String[]::new));
    Path run = dir.resolve("run");
    String properties = Files.readString(run.resolve("run.properties"));
    assertThat(properties).contains("integrator = ralston", "target = wide-gaussian", "target.scale = 3");
    int steps = Integer.parseInt(value(properties, "integrator.steps = (\\d+)"));
    // Ralston's code did the integrating: two drift evaluations in each of its steps
    String metrics = Files.readString(run.resolve("metrics.json"));
    assertThat(value(metrics, "\"status\"\\s*:\\s*\"(\\w+)\"")).isEqualTo("ok");
    assertThat(Double.parseDouble(value(metrics, "\"nfe\"\\s*:\\s*([0-9.eE+-]+)"))).isEqualTo(2.0 * steps);
    // the probability-flow ODE with the exact score carries the prior onto N(0, 9 I): per-coordinate second
    // moment 9, standard error 9 sqrt(2 / m) over m values; 4.5 of them plus 2% for the ODE's discretisation
    double[] v = Files.readAllLines(run.resolve("samples.csv")).stream().skip(1)
        .flatMap(l -> Stream.of(l.split(","))).mapToDouble(Double::parseDouble).toArray();
    double m2 = 0;
    for (double x : v) {
      m2 += x * x / v.length;
    }
    assertThat(m2).isCloseTo(9.0, offset(4.5 * 9 * Math.sqrt(2.0 / v.length) + 0.02 * 9));
  }

  /**
   * README's second run: dis with the plugin's SDE integrator. Every step is drawn from the plugin's kernel and
   * weighted by its density, so log Z of the unnormalised N(0, 9 I), log(18 pi), comes out within the importance
   * sampling error sqrt((1/ESS - 1) / n) (delta method); and the same seed with the built-in euler-maruyama gives other
   * samples, so the plugin's code made these.
   */
  @Test
  void disStepsWithThePluginsGaussianIntegrator() throws Exception {
    assertThat(JAR).as("the invoker's build of the example").exists();
    Path plugins = dir.resolve("plugins");
    Files.copy(JAR, Files.createDirectories(plugins.resolve("banana")).resolve(JAR.getFileName()));
    List<String> settings = ReadmeExample.runCommands().stream()
        .filter(c -> c.contains("integrator=midpoint-em")).findFirst().orElseThrow();
    Path run = runWith(plugins, "plugin", settings);
    String properties = Files.readString(run.resolve("run.properties"));
    assertThat(properties).contains("method = dis", "integrator = midpoint-em");
    String metrics = Files.readString(run.resolve("metrics.json"));
    assertThat(value(metrics, "\"status\"\\s*:\\s*\"(\\w+)\"")).isEqualTo("ok");
    double logZ = Double.parseDouble(value(metrics, "\"log_z_is\"\\s*:\\s*([0-9.eE+-]+)"));
    double ess = Double.parseDouble(value(metrics, "\"ess\"\\s*:\\s*([0-9.eE+-]+)"));
    double se = Math.sqrt((1 / ess - 1) / 2000);
    assertThat(logZ).isCloseTo(Math.log(18 * Math.PI), offset(5 * se + 1e-3));

    List<String> builtIn = new ArrayList<>(settings);
    builtIn.replaceAll(s -> s.equals("integrator=midpoint-em") ? "integrator=euler-maruyama" : s);
    Path other = runWith(plugins, "built-in", builtIn);
    assertThat(Files.readString(run.resolve("samples.csv")))
        .isNotEqualTo(Files.readString(other.resolve("samples.csv")));
  }

  private Path runWith(Path plugins, String name, List<String> settings) {
    List<String> args = new ArrayList<>(List.of("run", "--plugins", plugins.toString(), "--out",
        dir.resolve(name).toString()));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    args.addAll(List.of("--set", "sample.n=2000", "--set", "output.plot=false"));
    driftkit(args.toArray(String[]::new));
    return dir.resolve(name);
  }

  private static String driftkit(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DriftkitCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as("driftkit %s: %s", String.join(" ", args), err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String value(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
