package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.FixedStepRungeKutta;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.DpmSolverPlusPlus;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.RestorationDegradation;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.LinearForwardProcess;
import io.driftkit.sde.forward.SubVariancePreserving;
import io.driftkit.sde.forward.VarianceExploding;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data N(0, v0 I) with its exact score {@code s(x, t) = -x / (alpha^2 v0 + sigma^2)} under VP, sub-VP and VE: every
 * deterministic sampler is then a linear map {@code x -> c x} whose factor is a product (or, for the multistep
 * DPM-Solver, a short recurrence) of per-step factors written here from the papers' update formulas, on step times
 * written here from the schedules' closed-form inverses. The samplers' own output on a fixed batch must be that map to
 * 1e-10 (no Monte Carlo), so the law they carry the prior N(0, v) to is N(0, c^2 v) exactly.
 */
class GaussianClosedFormTest {

  static final double V0 = 0.7;
  static final double T_MIN = 1e-3;
  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
  static final SubVariancePreserving SUB_VP = new SubVariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
  static final VarianceExploding VE = new VarianceExploding(0.01, 50, 1.0);

  /** The process's noise-to-signal ratio sigma/alpha inverted in closed form. */
  static double timeOfNoiseToSignal(LinearForwardProcess p, double ratio) {
    if (p == VE) {
      double r = Math.log(50 / 0.01);
      return Math.log1p(ratio * ratio / (0.01 * 0.01)) / (2 * r);
    }
    // VP: ratio^2 = e^B - 1; sub-VP: ratio = 2 sinh(B/2); B(t) = 0.1 t + 9.95 t^2
    double b = p == VP ? Math.log1p(ratio * ratio) : 2 * Math.log(ratio / 2 + Math.sqrt(ratio * ratio / 4 + 1));
    return (-0.1 + Math.sqrt(0.01 + 4 * 9.95 * b)) / (2 * 9.95);
  }

  static double k(LinearForwardProcess p, double t) {
    double a = p.alpha(t);
    double s = p.sigma(t);
    return 1 / (a * a * V0 + s * s);
  }

  /** The data prediction factor mu: E[X_0 | x] = mu x. */
  static double mu(LinearForwardProcess p, double t) {
    double s = p.sigma(t);
    return (1 - s * s * k(p, t)) / p.alpha(t);
  }

  interface Reference {
    /** The expected factor c from the forward times t_0 > ... > t_K the sampler stepped through. */
    double factor(LinearForwardProcess p, double[] t);
  }

  /** DDIM, eta = 0 (Song et al. eq. 12): x' = alpha' x0 + sigma' eps with x0 = (x + sigma^2 s)/alpha, eps = -sigma s. */
  static final Reference DDIM = (p, t) -> {
    double c = 1;
    for (int i = 0; i + 1 < t.length; i++) {
      double x0 = mu(p, t[i]);
      double eps = p.sigma(t[i]) * k(p, t[i]);
      c *= p.alpha(t[i + 1]) * x0 + p.sigma(t[i + 1]) * eps;
    }
    return c;
  };

  /** DPM-Solver++ (Lu et al. 2022, Algorithm 2 and its third-order variant) on the scalar recurrence. */
  static Reference dpm(int order, boolean lowerFinal) {
    return (p, t) -> {
      int steps = t.length - 1;
      double x = 1;
      double m1 = 0;
      double m2 = 0;
      double[] lambda = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        lambda[i] = Math.log(p.alpha(t[i]) / p.sigma(t[i]));
      }
      for (int i = 0; i < steps; i++) {
        double m0 = mu(p, t[i]) * x;
        double h = lambda[i + 1] - lambda[i];
        double a1 = p.alpha(t[i + 1]);
        int o = Math.min(order, i + 1);
        if (lowerFinal && steps < 15) {
          o = Math.min(o, steps - i);
        }
        double next = p.sigma(t[i + 1]) / p.sigma(t[i]) * x - a1 * (Math.exp(-h) - 1) * m0;
        if (o == 2) {
          double r0 = (lambda[i] - lambda[i - 1]) / h;
          next -= 0.5 * a1 * (Math.exp(-h) - 1) * (m0 - m1) / r0;
        } else if (o == 3) {
          double r0 = (lambda[i] - lambda[i - 1]) / h;
          double r1 = (lambda[i - 1] - lambda[i - 2]) / h;
          double d10 = (m0 - m1) / r0;
          double d11 = (m1 - m2) / r1;
          double d1 = d10 + r0 / (r0 + r1) * (d10 - d11);
          double d2 = (d10 - d11) / (r0 + r1);
          next += a1 * ((Math.exp(-h) - 1) / h + 1) * d1 - a1 * ((Math.exp(-h) - 1 + h) / (h * h) - 0.5) * d2;
        }
        m2 = m1;
        m1 = m0;
        x = next;
      }
      return x;
    };
  }

  /**
   * EDM (Karras et al. Algorithm 1) in x~ = x/alpha over sigma~ = sigma/alpha: d = (x~ - D)/sigma~ with D = mu alpha x~;
   * Heun's correction except into sigma~ = 0.
   */
  static Reference edm(boolean heun) {
    return (p, t) -> {
      double xs = 1 / p.alpha(t[0]);
      for (int i = 0; i + 1 < t.length; i++) {
        double s0 = p.sigma(t[i]) / p.alpha(t[i]);
        double s1 = t[i + 1] == 0 ? 0 : p.sigma(t[i + 1]) / p.alpha(t[i + 1]);
        double d = xs * (1 - mu(p, t[i]) * p.alpha(t[i])) / s0;
        double next = xs + (s1 - s0) * d;
        if (heun && s1 > 0) {
          double d2 = next * (1 - mu(p, t[i + 1]) * p.alpha(t[i + 1])) / s1;
          next = xs + (s1 - s0) * 0.5 * (d + d2);
        }
        xs = next;
      }
      return xs * p.alpha(t[t.length - 1]);
    };
  }

  /** Explicit Runge–Kutta on the probability flow dx/ds = (lambda(t) - g(t)^2 k(t) / 2) x, t = T - s. */
  static Reference rungeKutta(int stages) {
    return (p, t) -> {
      java.util.function.DoubleUnaryOperator rate = s -> {
        double tt = p.horizon() - s;
        double g = p.diffusion(tt);
        return p.driftRate(tt) - 0.5 * g * g * k(p, tt);
      };
      double c = 1;
      for (int i = 0; i + 1 < t.length; i++) {
        double s = p.horizon() - t[i];
        double h = t[i] - t[i + 1];
        double k1 = rate.applyAsDouble(s);
        double factor;
        if (stages == 1) {
          factor = 1 + h * k1;
        } else if (stages == 2) {
          double k2 = rate.applyAsDouble(s + h) * (1 + h * k1);
          factor = 1 + 0.5 * h * (k1 + k2);
        } else {
          double mid = rate.applyAsDouble(s + 0.5 * h);
          double k2 = mid * (1 + 0.5 * h * k1);
          double k3 = mid * (1 + 0.5 * h * k2);
          double k4 = rate.applyAsDouble(s + h) * (1 + h * k3);
          factor = 1 + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        c *= factor;
      }
      return c;
    };
  }

  /** Step times a sampler should use, from the schedules' definitions. */
  interface Schedule {
    double[] times(LinearForwardProcess p, int steps);
  }

  static final Schedule UNIFORM = (p, n) -> {
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      t[i] = p.horizon() + (T_MIN - p.horizon()) * i / n;
    }
    return t;
  };
  static final Schedule QUADRATIC = (p, n) -> {
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double u = 1 - (double) i / n;
      t[i] = T_MIN + u * u * (p.horizon() - T_MIN);
    }
    return t;
  };
  static final Schedule LOG_SNR = (p, n) -> {
    double l0 = Math.log(p.alpha(p.horizon()) / p.sigma(p.horizon()));
    double l1 = Math.log(p.alpha(T_MIN) / p.sigma(T_MIN));
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      t[i] = timeOfNoiseToSignal(p, Math.exp(-(l0 + (l1 - l0) * i / n)));
    }
    return t;
  };

  /** Karras et al.'s grid from the horizon's sigma~ down to sigma-min, then 0. */
  static Schedule karras(double sigmaMin, double rho) {
    return (p, n) -> {
      double max = p.sigma(p.horizon()) / p.alpha(p.horizon());
      double[] t = new double[n + 1];
      for (int i = 0; i < n; i++) {
        double s = Math.pow(Math.pow(max, 1 / rho) + (double) i / (n - 1) * (Math.pow(sigmaMin, 1 / rho)
            - Math.pow(max, 1 / rho)), rho);
        t[i] = i == 0 ? p.horizon() : timeOfNoiseToSignal(p, s);
      }
      t[n] = 0;
      return t;
    };
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (LinearForwardProcess p : List.of(VP, SUB_VP, VE)) {
      String name = p == VP ? "vp" : p == SUB_VP ? "sub-vp" : "ve";
      all.add(Arguments.of(name + " ddim time", p, new Ddim(12, 0, StepSchedule.TIME), DDIM, UNIFORM));
      all.add(Arguments.of(name + " ddim quadratic", p, new Ddim(12, 0, StepSchedule.QUADRATIC), DDIM, QUADRATIC));
      all.add(Arguments.of(name + " ddim log-snr", p, new Ddim(12, 0, StepSchedule.LOG_SNR), DDIM, LOG_SNR));
      all.add(Arguments.of(name + " rd time", p, new RestorationDegradation(12, StepSchedule.TIME, 4), DDIM,
          UNIFORM));
      all.add(Arguments.of(name + " dpm-solver 1", p, new DpmSolverPlusPlus(12, 1, StepSchedule.LOG_SNR, true),
          dpm(1, true), LOG_SNR));
      all.add(Arguments.of(name + " dpm-solver 2", p, new DpmSolverPlusPlus(12, 2, StepSchedule.LOG_SNR, true),
          dpm(2, true), LOG_SNR));
      all.add(Arguments.of(name + " dpm-solver 3", p, new DpmSolverPlusPlus(16, 3, StepSchedule.LOG_SNR, true),
          dpm(3, true), LOG_SNR));
      all.add(Arguments.of(name + " dpm-solver 3 lower-order-final", p,
          new DpmSolverPlusPlus(9, 3, StepSchedule.TIME, true), dpm(3, true), UNIFORM));
      all.add(Arguments.of(name + " edm heun", p, new Edm(10, 0.002, 0, 7, Edm.Solver.HEUN, 0, 0, 1e9, 1),
          edm(true), karras(0.002, 7)));
      all.add(Arguments.of(name + " edm euler rho 3", p, new Edm(10, 0.05, 0, 3, Edm.Solver.EULER, 0, 0, 1e9, 1),
          edm(false), karras(0.05, 3)));
      all.add(Arguments.of(name + " euler", p, new FixedStepRungeKutta(ButcherTableau.EULER, 12,
          TimeGrid.Spacing.UNIFORM), rungeKutta(1), UNIFORM));
      all.add(Arguments.of(name + " heun", p, new FixedStepRungeKutta(ButcherTableau.HEUN, 12,
          TimeGrid.Spacing.UNIFORM), rungeKutta(2), UNIFORM));
      all.add(Arguments.of(name + " rk4", p, new FixedStepRungeKutta(ButcherTableau.RK4, 12,
          TimeGrid.Spacing.UNIFORM), rungeKutta(4), UNIFORM));
    }
    return all.stream();
  }

  static Dynamics reversal(LinearForwardProcess p) {
    OracleScoreModel score = new OracleScoreModel(GaussianMixture.isotropic(new double[] {1},
        new double[][] {{0, 0}}, new double[] {V0}), p);
    return p.reverse(score::evaluate, 2, false);
  }

  /** The solver grid score-sde hands an integrator: s from 0 to T - t-min, uniform in forward time. */
  static TimeGrid solverGrid(LinearForwardProcess p, Integrator integrator) {
    double[] t = integrator.grid(T_MIN, p.horizon()).times();
    double[] s = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      s[i] = p.horizon() - t[t.length - 1 - i];
    }
    s[0] = 0;
    return TimeGrid.of(s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void samplerIsTheClosedFormLinearMap(String name, LinearForwardProcess p, Integrator integrator,
      Reference reference, Schedule schedule) {
    INDArray x = Rows.matrix(new double[] {0.3, -1.2, 2.5, 0.7, -0.05, 1.9}, 3, 2);
    List<Double> times = new ArrayList<>();
    Integrator.IntegrationResult r = integrator.integrate(reversal(p), x, solverGrid(p, integrator),
        new RandomSource(1), (Step step) -> {
          if (times.isEmpty()) {
            times.add(p.horizon() - step.time());
          }
          times.add(p.horizon() - step.time() - step.dt());
        });
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    double[] expectedTimes = schedule.times(p, t.length - 1);
    for (int i = 0; i < t.length; i++) {
      assertThat(t[i]).as("%s: step time %s", name, i).isCloseTo(expectedTimes[i], within(1e-12 + 1e-9 * t[i]));
    }
    double c = reference.factor(p, expectedTimes);
    double[] in = Rows.values(x);
    double[] out = Rows.values(r.state());
    for (int i = 0; i < in.length; i++) {
      assertThat(out[i]).as("%s: entry %s (factor %s)", name, i, c).isCloseTo(c * in[i], within(1e-10 * Math.abs(c
          * in[i]) + 1e-13));
    }
  }

  /**
   * The per-step factors converge to the exact flow, which carries N(0, v_T) to N(0, v_{t-min}) by the factor
   * sqrt(v_{t-min} / v_T), at DDIM's first order: 8 times the steps, 8 times less error.
   */
  @Test
  void fineStepsApproachTheExactFlow() {
    LinearForwardProcess p = VP;
    double exact = Math.sqrt((p.alpha(T_MIN) * p.alpha(T_MIN) * V0 + p.sigma(T_MIN) * p.sigma(T_MIN))
        / (p.alpha(1) * p.alpha(1) * V0 + p.sigma(1) * p.sigma(1)));
    double coarse = Math.abs(DDIM.factor(p, LOG_SNR.times(p, 50)) - exact);
    double fine = Math.abs(DDIM.factor(p, LOG_SNR.times(p, 400)) - exact);
    assertThat(coarse / fine).isBetween(7.0, 9.0);
  }
}
