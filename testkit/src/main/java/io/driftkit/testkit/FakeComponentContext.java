package io.driftkit.testkit;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Interpolant;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.plugin.ComponentContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ComponentContext} for factory tests: holds the target, forward process and interpolant a test gives it,
 * and hands out random streams the way a run with the same seed does ({@code new RandomSource(seed).split("init")},
 * then the stream's name), remembering which streams were asked for.
 */
public final class FakeComponentContext implements ComponentContext {

  private final Target target;
  private final ForwardProcess forward;
  private final Interpolant interpolant;
  private final long seed;
  private final List<String> streams = new ArrayList<>();

  /** No target, no forward process, seed 0. */
  public FakeComponentContext() {
    this(null, null, null, 0);
  }

  private FakeComponentContext(Target target, ForwardProcess forward, Interpolant interpolant, long seed) {
    this.target = target;
    this.forward = forward;
    this.interpolant = interpolant;
    this.seed = seed;
  }

  /** This context with {@code target} as the run's target. */
  public FakeComponentContext withTarget(Target target) {
    return new FakeComponentContext(target, forward, interpolant, seed);
  }

  /** This context with {@code forward} as the run's forward process. */
  public FakeComponentContext withForward(ForwardProcess forward) {
    return new FakeComponentContext(target, forward, interpolant, seed);
  }

  /** This context with {@code interpolant} as the run's interpolant (role 'interpolant'). */
  public FakeComponentContext withInterpolant(Interpolant interpolant) {
    return new FakeComponentContext(target, forward, interpolant, seed);
  }

  /** This context with the run seed {@code seed}. */
  public FakeComponentContext withSeed(long seed) {
    return new FakeComponentContext(target, forward, interpolant, seed);
  }

  /** @throws IllegalStateException when no target was given, as the host does while the target is being built */
  @Override
  public Target target() {
    if (target == null) {
      throw new IllegalStateException("the target is not built yet (FakeComponentContext has none; withTarget)");
    }
    return target;
  }

  @Override
  public Optional<ForwardProcess> forward() {
    return Optional.ofNullable(forward);
  }

  @Override
  public Optional<Interpolant> interpolant() {
    return Optional.ofNullable(interpolant);
  }

  @Override
  public RandomSource random(String stream) {
    streams.add(stream);
    return new RandomSource(seed).split("init").split(stream);
  }

  /** The names of the streams asked for, in order. */
  public List<String> streamsRequested() {
    return Collections.unmodifiableList(streams);
  }
}
