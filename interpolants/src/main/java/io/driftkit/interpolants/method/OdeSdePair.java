package io.driftkit.interpolants.method;

import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.interpolants.field.Fields;
import io.driftkit.toolkit.Integrators;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The sampler pair of an interpolant run's ODE–SDE gap report (the host computes the report from it, as for
 * {@code score-sde}): the first {@code gap-n} starting points carried by the probability-flow ODE (Euler) and by the
 * forward SDE {@code dX = (b + eps s) dt + sqrt(2 eps) dW} (Euler–Maruyama) of the same fields on {@code gap-steps}
 * uniform steps, so the difference is the fields', not the solvers'. The SDE uses the run's epsilon(t) when the run
 * samples by an SDE, else the constant {@code gap-epsilon}. Fields without a score have no SDE and no pair.
 */
record OdeSdePair(int n, int steps, double epsilon) {

  static final OdeSdePair NONE = new OdeSdePair(0, 1, 1);

  static final Setting<Integer> N = Setting.integer("gap-n", 1000,
      "starting points carried by both the probability-flow ODE and the SDE for the ODE-SDE gap report (0: no"
          + " report)").atLeast(0);
  static final Setting<Integer> STEPS = Setting.integer("gap-steps", 500,
      "uniform steps of both samplers of the gap report (Euler and Euler-Maruyama)").atLeast(1);
  static final Setting<Double> EPSILON = Setting.real("gap-epsilon", 0.5,
      "the gap report's SDE noise level when the run itself samples by the ODE (method.epsilon = 0)")
      .greaterThan(0);
  static final List<Setting<?>> SETTINGS = List.of(N, STEPS, EPSILON);

  static OdeSdePair from(Settings s) {
    return new OdeSdePair(s.get(N), s.get(STEPS), s.get(EPSILON));
  }

  /**
   * The two sets from the first rows of {@code starts}, or null when the report is off or the fields give no score.
   *
   * @param runEpsilon the run's epsilon(t), used when {@code runIsSde}
   */
  Method.SamplerPair draw(Fields generation, DoubleUnaryOperator runEpsilon, boolean runIsSde, INDArray starts,
      RandomSource random) {
    if (n == 0 || !generation.hasScore()) {
      return null;
    }
    int m = (int) Math.min(n, starts.size(0));
    INDArray x0 = starts.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()).dup();
    Integrator step = Integrators.gaussian(steps, TimeGrid.Spacing.UNIFORM,
        GaussianStepIntegrator::eulerMaruyamaKernel);
    DoubleUnaryOperator eps = runIsSde ? runEpsilon : u -> epsilon;
    INDArray sde = step.integrate(new FieldDynamics(generation, eps, 1), x0, step.grid(0, 1),
        random.split("gap-sde"), StepObserver.NONE).state();
    INDArray ode = step.integrate(new FieldDynamics(generation, u -> 0, 1), x0, step.grid(0, 1),
        random.split("gap-ode"), StepObserver.NONE).state();
    return new Method.SamplerPair(sde, ode);
  }
}
