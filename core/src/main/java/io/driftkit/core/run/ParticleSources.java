package io.driftkit.core.run;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TargetSampler;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the sampler another method learns its target's particles from ({@code ComponentContext#sampler}): a
 * method by name with its defaults, a config file, or a finished run's directory (its trained model loaded from the
 * checkpoint). The source is assembled like a run of its own, for the same target, and must give importance
 * weights.
 */
final class ParticleSources {

  private final PluginRegistry registry;
  private final Function<RunConfig, AssembledRun> assembler;

  ParticleSources(PluginRegistry registry, Function<RunConfig, AssembledRun> assembler) {
    this.registry = registry;
    this.assembler = assembler;
  }

  /**
   * @param methodKeys the keys of a method named by {@code source}, without the {@code method.} prefix
   * @param targetKeys the {@code target} and {@code target.*} keys of the run asking, with their effective values
   */
  TargetSampler build(String source, Map<String, String> methodKeys, String key, Map<String, String> targetKeys) {
    String what;
    AssembledRun run;
    Path runDir = null;
    if (registry.names(Spi.METHOD).contains(source)) {
      Map<String, String> config = new TreeMap<>(targetKeys);
      config.put("method", source);
      methodKeys.forEach((k, v) -> config.put("method." + k, v));
      run = assembler.apply(RunConfig.of("particle source '" + source + "' (key '" + key + "')", config));
      what = source;
    } else {
      if (!methodKeys.isEmpty()) {
        throw new ConfigException("key '" + key + "': keys for the particle source apply to a method named there,"
            + " not to the config file or run directory '" + source + "'");
      }
      Path path = Path.of(source);
      if (Files.isDirectory(path)) {
        Path properties = path.resolve("run.properties");
        if (!Files.isRegularFile(properties)) {
          throw new ConfigException("key '" + key + "': directory '" + source + "' is not a run directory (no"
              + " run.properties)");
        }
        run = assembler.apply(RunConfig.load(properties));
        runDir = path;
        what = "run " + source;
      } else if (Files.isRegularFile(path)) {
        run = assembler.apply(RunConfig.load(path));
        what = "config " + source;
      } else {
        throw new ConfigException("key '" + key + "': unknown particle source '" + source + "'; expected a method"
            + " that needs no training (e.g. smc; methods: " + String.join(", ", registry.names(Spi.METHOD))
            + "), a config file or a finished run's directory");
      }
    }
    checkSameTarget(key, source, targetKeys, run.effective());
    if (run.method().phasedTraining().isPresent()) {
      throw new ConfigException("key '" + key + "': method '" + run.methodName() + "' trains in phases and cannot"
          + " serve as a particle source");
    }
    boolean trained = run.method().trainable(run.components())
        && run.train().steps() > 0;
    if (trained) {
      if (runDir == null) {
        throw new ConfigException("key '" + key + "': method '" + run.methodName() + "' must be trained before it"
            + " can supply particles; run it first (driftkit run ...) and give its run directory");
      }
      loadModel(key, run, runDir.resolve(Pipeline.CHECKPOINT_DIR).resolve(Trainer.MODEL_FILE));
    }
    Method method = run.method();
    String description = what;
    TargetSampler sampler = new TargetSampler() {
      @Override
      public Method.Sample sample(int n, RandomSource random) {
        return method.sample(run.components(), n, random, new FiniteGuard("particle source " + description));
      }

      @Override
      public String description() {
        return description;
      }
    };
    // a method without importance weights (langevin, score-sde) gives particles of unknown law
    if (sampler.sample(2, new RandomSource(0).split("probe")).logWeights() == null) {
      throw new ConfigException("key '" + key + "': method '" + run.methodName() + "' gives no importance weights,"
          + " so its particles cannot stand for the target; use smc, or a trained dis, pis or dds run");
    }
    return sampler;
  }

  private static void checkSameTarget(String key, String source, Map<String, String> ours,
      Map<String, String> theirs) {
    TreeSet<String> keys = new TreeSet<>(ours.keySet());
    theirs.keySet().stream().filter(k -> k.equals("target") || k.startsWith("target.")).forEach(keys::add);
    for (String k : keys) {
      String a = ours.get(k);
      String b = theirs.get(k);
      if (a == null ? b != null : !a.equals(b)) {
        throw new ConfigException("key '" + key + "': particle source '" + source + "' samples another target ('"
            + k + "' is " + (b == null ? "absent" : "'" + b + "'") + " there, " + (a == null ? "absent"
            : "'" + a + "'") + " here)");
      }
    }
  }

  private static void loadModel(String key, AssembledRun run, Path file) {
    if (!(run.components().model() instanceof LearnableDriftModel model)) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("key '" + key + "': the run has no trained model at " + file);
    }
    try {
      model.load(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("key '" + key + "': cannot load the trained model " + file + ": " + e.getMessage(),
          e);
    }
  }
}
