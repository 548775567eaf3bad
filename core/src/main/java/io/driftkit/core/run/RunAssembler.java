package io.driftkit.core.run;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Role;
import io.driftkit.api.Target;
import io.driftkit.api.TargetSampler;
import io.driftkit.api.TrainingSupport;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.MethodFactory;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.Nd4jRuntime;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.Failures;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.provenance.DataFile;
import io.driftkit.core.train.TrainSettings;
import java.net.URL;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Turns a {@link RunConfig} into an {@link AssembledRun}: resolves every plugin by name and validates every key. */
public final class RunAssembler {

  private static final List<String> RUN_PREFIXES = List.of("sample.", "train.", "output.");

  private final PluginRegistry registry;

  public RunAssembler(PluginRegistry registry) {
    this.registry = registry;
    Nd4jRuntime.ensure();
  }

  /**
   * Builds every component the configured method needs.
   *
   * @throws ConfigException for an unknown plugin name or key, a missing key or a bad value
   */
  public AssembledRun assemble(RunConfig config) {
    return assemble(config, 0);
  }

  /** @param depth 0 for a run, 1 for a particle source built for another run's method (which may not nest) */
  AssembledRun assemble(RunConfig config, int depth) {
    rejectUnknownTopLevelKeys(config);
    Map<String, String> effective = new TreeMap<>();
    Settings run = Settings.of("the run", "", runKeys(config), RunSettings.ALL);
    run.effective().forEach(effective::put);
    RandomSource init = new RandomSource(run.get(RunSettings.SEED)).split("init");

    String methodName = required(config, Spi.METHOD);
    ComponentFactory<Method> methodFactory = registry.factory(Spi.METHOD, methodName);
    Set<Role> roles = methodFactory instanceof MethodFactory mf ? mf.roles() : Role.components();
    Map<Role, String> defaults = methodFactory instanceof MethodFactory mf ? mf.defaults() : Map.of();
    for (Role role : Role.values()) {
      if (!roles.contains(role) && (config.get(role.key()) != null || !config.subset(role.key() + ".").isEmpty())) {
        throw new ConfigException("key '" + role.key() + "' is not used by method '" + methodName + "' (it uses: "
            + (roles.isEmpty() ? "none" : String.join(", ", roles.stream().map(Role::key).toList())) + ")");
      }
    }

    Context context = new Context(init, this, depth, effective);
    context.target = build(Spi.TARGET, required(config, Spi.TARGET), config, context, effective);
    ForwardProcess forward = null;
    if (roles.contains(Role.FORWARD)) {
      forward = build(Spi.FORWARD, roleName(config, Role.FORWARD, defaults, methodName), config, context, effective);
      context.forward = forward;
    }
    if (roles.contains(Role.INTERPOLANT)) {
      context.interpolant = build(Spi.INTERPOLANT, roleName(config, Role.INTERPOLANT, defaults, methodName), config,
          context, effective);
    }
    // the loss comes before the model: a loss that learns several fields sets the model's dimension
    String lossName = roles.contains(Role.LOSS) ? roleName(config, Role.LOSS, defaults, methodName) : null;
    Loss loss = lossName != null ? build(Spi.LOSS, lossName, config, context, effective) : null;
    DriftModel model = null;
    if (roles.contains(Role.MODEL)) {
      String modelName = roleName(config, Role.MODEL, defaults, methodName);
      int fields = loss == null ? 1 : loss.modelFields();
      context.modelFields = fields;
      model = build(Spi.MODEL, modelName, config, context, effective);
      context.modelFields = 1;
      // a method that learns several networks (IPF's second drift) builds fresh instances of the same model
      context.models = () -> {
        context.modelFields = fields;
        try {
          return build(Spi.MODEL, modelName, config, context, new TreeMap<>());
        } finally {
          context.modelFields = 1;
        }
      };
    }
    Integrator integrator = roles.contains(Role.INTEGRATOR)
        ? build(Spi.INTEGRATOR, roleName(config, Role.INTEGRATOR, defaults, methodName), config, context, effective)
        : null;
    Method method = build(Spi.METHOD, methodName, config, context, effective);
    Components components = new Components(context.target, forward, model, loss, integrator);
    try {
      method.validate(components);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      throw new AssemblyFailedException("method '" + methodName + "' failed while checking its components: "
          + Failures.oneLine(e), config, e);
    }
    Map<String, String> given = config.subset("train.");
    // unknown or invalid train.* keys, and training asked of a run with nothing to train, fail before anything runs
    Settings trainKeys = Settings.of("train", "train.", given, TrainSettings.SETTINGS);
    TrainSettings train = TrainSettings.from(trainKeys);
    boolean trainable = method.trainable(components);
    if (given.containsKey("steps") && train.steps() > 0 && !trainable) {
      throw new ConfigException("train.steps = " + train.steps() + " but method '" + methodName
          + "' with these components has nothing to train; set train.steps = 0");
    }
    if (trainable && method.phasedTraining().isEmpty()) {
      checkTrainingContract(methodName, lossName, method, components);
    }
    // a run that trains records every train.* default; one that cannot train records only what was given, so that
    // its run.properties reads back (a default train.steps would be refused there)
    (trainable ? trainKeys.effective() : given).forEach((k, v) -> effective.put("train." + k, v));
    Provenance provenance = Provenance.of(registry.loaded(), context.dataFiles());
    return new AssembledRun(methodName, method, components, run, train, effective, provenance);
  }

  /** The loss must accept what the method offers (a typed contract, e.g. path-kl needs a control method's paths). */
  private static void checkTrainingContract(String methodName, String lossName, Method method,
      Components components) {
    Class<? extends TrainingSupport> needed = components.loss().requires();
    TrainingSupport offered = method.trainingSupport(components);
    if (!needed.isInstance(offered)) {
      throw new ConfigException("loss '" + lossName + "' needs " + needed.getSimpleName()
          + " from its method, but method '" + methodName + "' offers " + describe(offered)
          + "; choose a loss written for '" + methodName + "' (key 'loss')");
    }
  }

  private static String describe(TrainingSupport offered) {
    List<String> contracts = new java.util.ArrayList<>();
    for (Class<?> c = offered.getClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (TrainingSupport.class.isAssignableFrom(i) && i != TrainingSupport.class) {
          contracts.add(i.getSimpleName());
        }
      }
    }
    return contracts.isEmpty() ? "no training contract" : String.join(", ", contracts);
  }

  /**
   * Builds a target on its own, from its {@code target.*} keys (prefix removed), as a run would.
   *
   * @throws ConfigException for an unknown name or key, or a bad value
   */
  public Target target(String name, Map<String, String> settings, long seed) {
    return build(Spi.TARGET, name, targetConfig(name, settings),
        new Context(new RandomSource(seed).split("init"), this, 1, new TreeMap<>()), new TreeMap<>());
  }

  private static RunConfig targetConfig(String name, Map<String, String> settings) {
    Map<String, String> config = new TreeMap<>();
    config.put("target", name);
    settings.forEach((k, v) -> config.put("target." + k, v));
    return RunConfig.of("target settings", config);
  }

  private <T> T build(Spi<T> spi, String name, RunConfig config, Context context, Map<String, String> effective) {
    ComponentFactory<T> factory = registry.factory(spi, name);
    Map<String, String> given = config.subset(spi.key() + ".");
    for (Setting<?> s : factory.settings()) {
      boolean path = s.isPath() || s.isPathOrName() && given.containsKey(s.key())
          && Setting.namesPath(given.get(s.key()));
      if (path && given.containsKey(s.key())) {
        // recorded absolute, so run.properties repeats the run from any directory
        given.put(s.key(), config.resolvePath(spi.key() + "." + s.key(), given.get(s.key())));
      }
    }
    Settings settings = Settings.of(spi + " '" + name + "'", spi.key() + ".", given, factory.settings());
    effective.put(spi.key(), name);
    settings.effective().forEach((k, v) -> effective.put(spi.key() + "." + k, v));
    context.building = spi + " '" + name + "'";
    try {
      return factory.create(settings, context);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(spi + " '" + name + "': " + e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      throw new AssemblyFailedException(spi + " '" + name + "' failed while being created: " + Failures.oneLine(e),
          config, e);
    } finally {
      context.building = null;
    }
  }

  private static String required(RunConfig config, Spi<?> spi) {
    String name = config.get(spi.key());
    if (name == null || name.isBlank()) {
      throw new ConfigException("missing required key '" + spi.key() + "' in " + config.source()
          + ": the name of the " + spi + " plugin to use");
    }
    return name;
  }

  private static String roleName(RunConfig config, Role role, Map<Role, String> defaults, String method) {
    String name = config.get(role.key());
    if (name != null && !name.isBlank()) {
      return name;
    }
    String fallback = defaults.get(role);
    if (fallback == null) {
      throw new ConfigException("missing required key '" + role.key() + "' in " + config.source() + ": method '"
          + method + "' needs a " + role.key() + " and has no default");
    }
    return fallback;
  }

  /**
   * {@code run} with the run-level keys ({@code seed}, {@code sample.*}, {@code output.*}) of {@code config} in place
   * of its own, and the same components: a trained model stays trained. For sampling a trained run again with
   * another seed or sample size.
   *
   * @throws ConfigException for an unknown run-level key or a bad value
   */
  public static AssembledRun withRunKeys(AssembledRun run, RunConfig config) {
    Settings settings = Settings.of("the run", "", runKeys(config), RunSettings.ALL);
    Map<String, String> effective = new TreeMap<>(run.effective());
    effective.keySet().removeIf(RunAssembler::isRunKey);
    settings.effective().forEach(effective::put);
    return new AssembledRun(run.methodName(), run.method(), run.components(), settings, run.train(), effective,
        run.provenance());
  }

  private static boolean isRunKey(String key) {
    return key.equals("seed") || key.startsWith("sample.") || key.startsWith("output.");
  }

  private static Map<String, String> runKeys(RunConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    config.values().forEach((k, v) -> {
      if (isRunKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static void rejectUnknownTopLevelKeys(RunConfig config) {
    Set<String> allowed = new TreeSet<>(List.of("seed"));
    for (Spi<?> spi : Spi.ALL) {
      allowed.add(spi.key());
    }
    for (String key : config.values().keySet()) {
      boolean ok = allowed.contains(key) || RUN_PREFIXES.stream().anyMatch(key::startsWith)
          || Spi.ALL.stream().anyMatch(s -> key.startsWith(s.key() + "."));
      if (!ok) {
        throw new ConfigException("unknown key '" + key + "' in " + config.source() + "; top-level keys are "
            + String.join(", ", allowed) + " and the groups sample.*, train.*, output.*");
      }
    }
  }

  private final class Context implements ComponentContext {
    private final RandomSource init;
    private final RunAssembler assembler;
    private final int depth;
    private final Map<String, String> effective;
    private Target target;
    private ForwardProcess forward;
    private Interpolant interpolant;
    private Supplier<DriftModel> models;
    /** Fields of the model being built (1 outside the model's build). */
    private int modelFields = 1;
    /** The component being created, e.g. {@code target 'lgcp'}: who reads a data file. */
    private String building;
    /** Data files by who reported them; hashed once assembly is done, when every component has read its own. */
    private final Map<String, Supplier<DataFile>> reads;

    Context(RandomSource init, RunAssembler assembler, int depth, Map<String, String> effective) {
      this(init, assembler, depth, effective, new LinkedHashMap<>());
    }

    private Context(RandomSource init, RunAssembler assembler, int depth, Map<String, String> effective,
        Map<String, Supplier<DataFile>> reads) {
      this.init = init;
      this.assembler = assembler;
      this.depth = depth;
      this.effective = effective;
      this.reads = reads;
    }

    @Override
    public Optional<DriftModel> freshModel() {
      return Optional.ofNullable(models).map(Supplier::get);
    }

    @Override
    public TargetSampler sampler(String source, Map<String, String> methodKeys, String key) {
      if (depth > 0) {
        throw new ConfigException("key '" + key + "': a particle source may not itself learn from another sampler");
      }
      Map<String, String> targetKeys = new TreeMap<>();
      effective.forEach((k, v) -> {
        if (k.equals("target") || k.startsWith("target.")) {
          targetKeys.put(k, v);
        }
      });
      return new ParticleSources(registry, config -> assemble(config, depth + 1)).build(source, methodKeys, key,
          targetKeys);
    }

    @Override
    public Optional<Interpolant> interpolant() {
      return Optional.ofNullable(interpolant);
    }

    @Override
    public int dim() {
      return modelFields * target().dim();
    }

    @Override
    public Target buildTarget(String name, Map<String, String> settings) {
      // a method's second end is part of the run: the files it reads go into the run's provenance too
      return assembler.build(Spi.TARGET, name, targetConfig(name, settings),
          new Context(init.split(name), assembler, 1, new TreeMap<>(), reads), new TreeMap<>());
    }

    @Override
    public Target target() {
      if (target == null) {
        throw new IllegalStateException("the target is not built yet");
      }
      return target;
    }

    @Override
    public Optional<ForwardProcess> forward() {
      return Optional.ofNullable(forward);
    }

    @Override
    public RandomSource random(String stream) {
      return init.split(stream);
    }

    @Override
    public void readsData(Path file) {
      Path absolute = file.toAbsolutePath().normalize();
      String reader = reader();
      reads.putIfAbsent(absolute.toString(), () -> DataFile.of(absolute, reader));
    }

    @Override
    public void readsData(URL resource) {
      String reader = reader();
      reads.putIfAbsent(resource.toString(), () -> DataFile.of(resource, reader));
    }

    private String reader() {
      return building != null ? building : "a component";
    }

    /** The SHA-256 of every data file reported so far. */
    List<DataFile> dataFiles() {
      return reads.values().stream().map(Supplier::get).toList();
    }
  }
}
