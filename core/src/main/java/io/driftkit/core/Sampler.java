package io.driftkit.core;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Integrator;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.AssemblyFailedException;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.ProgressListener;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.core.run.RunFailedException;
import io.driftkit.core.run.RunSettings;
import io.driftkit.core.train.TrainSettings;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * One run of a method, configured in code: {@link Driftkit#sampler}{@code ("dis").target("funnel").seed(1).run()}.
 * Its keys are those of a config file; a key not set takes the component's default, exactly as in a file given to
 * {@code driftkit run}, so the same keys and seed give the CLI's numbers. Each setter returns this sampler.
 */
public final class Sampler {

  /**
   * The name an object given in code (target, model, integrator) is registered under for the run: what
   * run.properties and metrics.json show.
   */
  public static final String IN_CODE = "in-code";

  /** The name an in-code target runs under ({@link #IN_CODE}). */
  public static final String IN_CODE_TARGET = IN_CODE;

  private final Map<String, String> values = new TreeMap<>();
  private Target target;
  private DriftModel model;
  private Integrator integrator;
  private PluginRegistry plugins;
  private ProgressListener progress = ProgressListener.NONE;
  private Path output;
  private boolean overwrite;

  Sampler(String method) {
    values.put("method", Objects.requireNonNull(method, "method"));
  }

  /** The target registered as {@code name} (its keys are {@code target.*}). */
  public Sampler target(String name) {
    target = null;
    values.put("target", Objects.requireNonNull(name, "target"));
    return this;
  }

  /**
   * This target object, e.g. one from {@link io.driftkit.toolkit.Targets#of}; it takes the place of a registered
   * one (named {@value #IN_CODE_TARGET}) and has no {@code target.*} keys.
   */
  public Sampler target(Target target) {
    this.target = Objects.requireNonNull(target, "target");
    values.put("target", IN_CODE_TARGET);
    return this;
  }

  /**
   * This drift model object, e.g. one from {@link io.driftkit.toolkit.DriftModels#of}, in place of a registered one
   * (named {@value #IN_CODE}; no {@code model.*} keys). A model that is not learnable needs {@code train.steps = 0}
   * where the method would train. The method checks it as it checks a registered model.
   */
  public Sampler model(DriftModel model) {
    this.model = Objects.requireNonNull(model, "model");
    values.keySet().removeIf(k -> k.startsWith("model."));
    values.put("model", IN_CODE);
    return this;
  }

  /**
   * This integrator object, e.g. one from {@link io.driftkit.toolkit.Integrators#gaussian}, in place of a registered
   * one (named {@value #IN_CODE}; no {@code integrator.*} keys). The method checks it as it checks a registered one
   * (dis, for instance, needs Gaussian step kernels).
   */
  public Sampler integrator(Integrator integrator) {
    this.integrator = Objects.requireNonNull(integrator, "integrator");
    values.keySet().removeIf(k -> k.startsWith("integrator."));
    values.put("integrator", IN_CODE);
    return this;
  }

  /**
   * Sets a key as a config file would ({@code "train.steps"}, {@code "forward"}, {@code "model.hidden"}, ...).
   * Numbers, booleans and strings are written as text; enums by their config name; arrays and collections
   * comma-separated. The key and value are checked when the run is assembled, with the message a config file
   * gets.
   */
  public Sampler set(String key, Object value) {
    values.put(Objects.requireNonNull(key, "key"), text(value));
    return this;
  }

  /** Sets a run-level key ({@link RunSettings}: {@code seed}, {@code sample.*}, {@code output.*}). */
  public <T> Sampler set(Setting<T> runKey, T value) {
    return set(runKey.key(), value);
  }

  /** Sets a {@code train.*} key ({@link TrainSettings}: {@code TrainSettings.STEPS}, {@code LR}, ...). */
  public <T> Sampler train(Setting<T> trainKey, T value) {
    return set("train." + trainKey.key(), value);
  }

  /** {@code seed}: one seed gives the same numbers every time. */
  public Sampler seed(long seed) {
    return set(RunSettings.SEED, seed);
  }

  /** {@code sample.n}: how many samples to draw. */
  public Sampler samples(int n) {
    return set(RunSettings.SAMPLE_N, n);
  }

  /** {@code train.steps}: optimiser steps (0: no training). */
  public Sampler trainSteps(int steps) {
    return train(TrainSettings.STEPS, steps);
  }

  /** Where progress goes; by default nowhere ({@link ProgressListener#lines} prints plain lines). */
  public Sampler progress(ProgressListener listener) {
    progress = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Writes the run directory {@code driftkit run --out DIR} writes (run.properties, samples.csv, metrics.json,
   * checkpoints, and the plots where XChart is on the class path); by default nothing is written.
   *
   * @param overwrite use a directory that is not empty, deleting its contents first ({@code --force})
   */
  public Sampler output(Path dir, boolean overwrite) {
    this.output = Objects.requireNonNull(dir, "dir");
    this.overwrite = overwrite;
    return this;
  }

  /** The plugins to take components from; by default {@link Driftkit#plugins()}. */
  public Sampler plugins(PluginRegistry registry) {
    plugins = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /** The keys as set so far, as a config file would hold them. */
  public Map<String, String> settings() {
    return Map.copyOf(values);
  }

  /**
   * Assembles the run, trains (when the method has something to learn), samples and evaluates.
   *
   * @throws ConfigException for an unknown name or key, or a bad value (nothing has run)
   * @throws RunFailedException when a component failed while being created or a stage failed
   */
  public SamplingResult run() {
    PluginRegistry registry = registry();
    AssembledRun run;
    try {
      run = new io.driftkit.core.run.RunAssembler(registry).assemble(RunConfig.of("the sampler's settings", values));
    } catch (AssemblyFailedException e) {
      if (output != null) {
        throw Pipeline.quiet().assemblyFailed(e, RunDirectory.createFor(output, overwrite));
      }
      throw new RunFailedException(null, "assembly", e.getMessage(), e);
    }
    RunDirectory dir = output == null ? null : RunDirectory.createFor(output, overwrite);
    return new SamplingResult(new Pipeline(progress).run(run, dir, false), run);
  }

  /**
   * Assembles the run and trains it (when the method has something to learn), without sampling: the returned
   * {@link TrainedRun} samples the trained model as often as asked, with this seed or another, other sample sizes
   * or another integrator. {@code train().sample()} gives the numbers {@link #run()} gives. Writes nothing;
   * {@link #output} applies to {@link #run()} only.
   *
   * @throws ConfigException for an unknown name or key, or a bad value (nothing has run)
   * @throws RunFailedException when a component failed while being created, or training failed
   */
  public TrainedRun train() {
    PluginRegistry registry = registry();
    RunConfig config = RunConfig.of("the sampler's settings", values);
    AssembledRun run;
    try {
      run = new io.driftkit.core.run.RunAssembler(registry).assemble(config);
    } catch (AssemblyFailedException e) {
      throw new RunFailedException(null, "assembly", e.getMessage(), e);
    }
    return new TrainedRun(registry, config, run, new Pipeline(progress).trainOnly(run), progress);
  }

  /** The plugins of this sampler, with its in-code components added. */
  private PluginRegistry registry() {
    if (!values.containsKey("target")) {
      throw new ConfigException("no target: call target(name) or target(Target) before run() or train()");
    }
    PluginRegistry registry = plugins != null ? plugins : Driftkit.plugins();
    if (target != null || model != null || integrator != null) {
      registry = registry.with(new InCodeComponents(target, model, integrator));
    }
    return registry;
  }

  /** A value as a config file writes it: enums by their config name, arrays and collections comma-separated. */
  static String text(Object value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof Enum<?> e) {
      return Setting.name(e);
    }
    if (value instanceof Optional<?> o) {
      return o.map(Sampler::text).orElse("");
    }
    if (value instanceof int[] a) {
      return IntStream.of(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }
    if (value instanceof double[] a) {
      return DoubleStream.of(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(Sampler::text).collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  /**
   * The plugin that offers this sampler's component objects (target, model, integrator) under
   * {@value #IN_CODE} for one run; each is checked against the run as it is built.
   */
  private static final class InCodeComponents extends DriftkitPlugin {
    private final Target target;
    private final DriftModel model;
    private final Integrator integrator;

    InCodeComponents(Target target, DriftModel model, Integrator integrator) {
      super(SpiVersion.CURRENT);
      this.target = target;
      this.model = model;
      this.integrator = integrator;
    }

    @Override
    public String moduleName() {
      return IN_CODE;
    }

    @Override
    protected void configure() {
      if (target != null) {
        targets().bind(IN_CODE, new InCode<>("a target object given in code", target));
      }
      if (model != null) {
        models().bind(IN_CODE, new InCode<>("a drift model object given in code", model) {
          @Override
          public DriftModel create(Settings settings, ComponentContext context) {
            if (model.dim() != context.dim()) {
              throw new ConfigException("the in-code model (key 'model') has dimension " + model.dim()
                  + "; this run needs " + context.dim() + " (the target's dimension times the fields its loss"
                  + " learns)");
            }
            return model;
          }
        });
      }
      if (integrator != null) {
        integrators().bind(IN_CODE, new InCode<>("an integrator object given in code", integrator));
      }
    }
  }

  /** A factory handing out one object, which has no keys of its own. */
  private static class InCode<T> implements ComponentFactory<T> {
    private final String description;
    private final T object;

    InCode(String description, T object) {
      this.description = description;
      this.object = object;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public T create(Settings settings, ComponentContext context) {
      return object;
    }
  }
}
