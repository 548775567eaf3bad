package io.driftkit.core;

import io.driftkit.api.DriftModel;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.AssemblyFailedException;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.ProgressListener;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunFailedException;
import io.driftkit.core.train.TrainResult;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run trained once by {@link Sampler#train()}, to be sampled as often as wanted:
 * <pre>{@code
 * TrainedRun dis = Driftkit.sampler("dis").target("funnel").trainSteps(200).seed(1).train();
 * SamplingResult first = dis.sample();                      // = Driftkit.sampler(...same keys...).run()
 * SamplingResult more = dis.sample(Map.of("seed", 2, "sample.n", 50_000));
 * SamplingResult finer = dis.sample(Map.of("integrator.steps", 400));
 * }</pre>
 *
 * <p>Sampling takes only the keys that do not change what was trained: {@code seed}, {@code sample.*}, and
 * {@code integrator} with its {@code integrator.*}. The seed of a sample call seeds the sampling and evaluation
 * streams; training is not repeated. With the training's own keys, {@link #sample()} gives the numbers
 * {@link Sampler#run()} gives for them, and so does a sample call that changes only {@code sample.*} keys against a
 * one-call run with the same changes (training does not read them). Another integrator is built afresh and the
 * trained weights copied into a fresh model of the same settings; for a method that trains on the integrator's grid
 * (dis, pis, dds) that samples the learnt control on another grid, which is no longer what was trained.
 */
public final class TrainedRun {

  private final PluginRegistry registry;
  private final RunConfig config;
  private final AssembledRun run;
  private final Pipeline.TrainedStage trained;
  private final ProgressListener progress;

  TrainedRun(PluginRegistry registry, RunConfig config, AssembledRun run, Pipeline.TrainedStage trained,
      ProgressListener progress) {
    this.registry = registry;
    this.config = config;
    this.run = run;
    this.trained = trained;
    this.progress = progress;
  }

  /** Samples with the keys and seed it was trained with. */
  public SamplingResult sample() {
    return sample(Map.of());
  }

  /** Samples with another seed (of the sampling and evaluation streams). */
  public SamplingResult sample(long seed) {
    return sample(Map.of("seed", seed));
  }

  /**
   * Samples with other sampling keys in place of the training's: {@code seed}, {@code sample.*}, {@code integrator},
   * {@code integrator.*} (values written as {@link Sampler#set} takes them).
   *
   * @throws ConfigException for a key that would change what was trained, an unknown key or a bad value
   * @throws RunFailedException when sampling or evaluation failed
   */
  public SamplingResult sample(Map<String, ?> keys) {
    RunConfig changed = config;
    boolean integrator = false;
    for (Map.Entry<String, ?> e : keys.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "key");
      if (key.equals("integrator") || key.startsWith("integrator.")) {
        integrator = true;
      } else if (!key.equals("seed") && !key.startsWith("sample.")) {
        throw new ConfigException("key '" + key + "' changes what was trained; sampling a trained run takes seed,"
            + " sample.*, integrator and integrator.* (set other keys on the sampler and train again)");
      }
      changed = changed.with(key + "=" + Sampler.text(e.getValue()));
    }
    AssembledRun sampled = integrator ? withIntegrator(changed) : run;
    sampled = RunAssembler.withRunKeys(sampled, changed);
    return new SamplingResult(new Pipeline(progress).sampleTrained(sampled, trained), sampled);
  }

  /** What training did; empty when the run had nothing to train (or trained in phases, as dsb does). */
  public Optional<TrainResult> training() {
    return Optional.ofNullable(trained.result());
  }

  /** The trained model; empty for methods without one. */
  public Optional<DriftModel> model() {
    return Optional.ofNullable(run.components().model());
  }

  /** Every key of the trained run with its effective value (defaults included). */
  public Map<String, String> settings() {
    return run.effective();
  }

  /**
   * The run assembled afresh with the changed integrator keys (and the training's seed, so that every other
   * component is built as before), its model given the trained weights.
   */
  private AssembledRun withIntegrator(RunConfig changed) {
    if (run.method().phasedTraining().isPresent()) {
      throw new ConfigException("method '" + run.methodName() + "' trains in phases, with models of its own: its"
          + " trained run samples with its own integrator (set integrator keys on the sampler and train again)");
    }
    AssembledRun fresh;
    try {
      fresh = new RunAssembler(registry).assemble(changed.with("seed=" + run.seed()));
    } catch (AssemblyFailedException e) {
      throw new RunFailedException(null, "assembly", e.getMessage(), e);
    }
    if (run.components().model() instanceof LearnableDriftModel learnt) {
      ((LearnableDriftModel) fresh.components().model()).setParameters(learnt.parameters());
    }
    return fresh;
  }
}
