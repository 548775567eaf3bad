package io.driftkit.interpolants.loss;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Components;
import io.driftkit.api.Interpolant;
import io.driftkit.api.InterpolantSupport;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.TrainingSupport;
import io.driftkit.interpolants.Fixtures;
import io.driftkit.interpolants.field.FieldKind;
import io.driftkit.interpolants.field.FieldLayout;
import io.driftkit.interpolants.field.MixtureFields;
import io.driftkit.interpolants.method.End;
import io.driftkit.interpolants.method.InterpolantMethod;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.Rows;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each quadratic objective is minimised by its closed-form field: with Gaussian-mixture ends, the loss gradient along
 * four directions per coordinate and field vanishes at the exact field (to Monte Carlo error) and not at a wrong
 * one. For the denoiser the wrong field is minus the exact one: the sign convention eta = E[z | x_t],
 * s = -eta / gamma (the paper's) is the minimiser, -E[z | x_t] (the authors' code's) is not.
 */
class QuadraticLossTest {

  static Stream<Arguments> cases() {
    Interpolant linear = Fixtures.interpolant("linear");
    Stream.Builder<Arguments> b = Stream.builder();
    for (FieldLayout layout : new FieldLayout[] {FieldLayout.of(FieldKind.VELOCITY), FieldLayout.of(FieldKind.SCORE),
        FieldLayout.of(FieldKind.DENOISER), FieldLayout.of(FieldKind.V, FieldKind.SCORE),
        FieldLayout.of(FieldKind.VELOCITY, FieldKind.DENOISER)}) {
      b.add(Arguments.of("linear", linear, layout, true));
    }
    b.add(Arguments.of("linear, no antithetic", linear, FieldLayout.of(FieldKind.VELOCITY, FieldKind.SCORE), false));
    // another time density leaves every time's minimiser, and so the loss's, where it was
    b.add(Arguments.of("linear, arcsine times", linear, FieldLayout.of(FieldKind.V, FieldKind.SCORE), true,
        TimeSampling.ARCSINE));
    b.add(Arguments.of("trigonometric", Fixtures.interpolant("trigonometric", "gamma=sine-squared",
        "gamma-scale=0.8"), FieldLayout.of(FieldKind.V, FieldKind.SCORE), true));
    b.add(Arguments.of("encoder-decoder", Fixtures.interpolant("encoder-decoder"),
        FieldLayout.of(FieldKind.VELOCITY, FieldKind.DENOISER), true));
    b.add(Arguments.of("one-sided", Fixtures.interpolant("one-sided"), FieldLayout.of(FieldKind.V,
        FieldKind.DENOISER), true));
    b.add(Arguments.of("one-sided sqrt", Fixtures.interpolant("one-sided", "gamma=sqrt"),
        FieldLayout.of(FieldKind.VELOCITY, FieldKind.SCORE), true));
    b.add(Arguments.of("mirror", Fixtures.interpolant("mirror"), FieldLayout.of(FieldKind.V, FieldKind.SCORE), true));
    // the cases without a time density of their own draw t uniformly
    return b.build().map(a -> a.get().length == 5 ? a : Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3],
        TimeSampling.UNIFORM));
  }

  static final int REPEATS = 24;
  static final int BATCH = 400;

  /**
   * 24 independent batches of 400 draws (times on [0.01, 0.99], uniform or arcsine): each gradient component's mean over the
   * batches must be within 6 standard errors of zero at the exact field (the t distribution with 23 degrees of freedom
   * exceeds 6 with probability 4e-6), and some component must exceed 8 standard errors at the wrong one.
   */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void gradientVanishesAtTheExactFieldAndNotElsewhere(String name, Interpolant ip, FieldLayout layout,
      boolean antithetic, TimeSampling times) {
    End rho1 = End.target(new MixtureTarget(Fixtures.end()), true);
    End rho0 = switch (ip.base()) {
      case ANY -> End.target(new MixtureTarget(Fixtures.start()), false);
      case GAUSSIAN -> End.normal(2);
      case MIRROR -> rho1;
    };
    InterpolantMethod.Options options = new InterpolantMethod.Options(false, 0, null, 0.01,
        InterpolantMethod.LikelihoodMode.NONE, 1, 1, 1);
    InterpolantSupport support = (InterpolantSupport) new InterpolantMethod(ip, rho0, rho1, options)
        .trainingSupport(null);
    MixtureFields exact = new MixtureFields(ip, Fixtures.start(), Fixtures.end());
    double[] ones = new double[layout.fields()];
    Arrays.fill(ones, 1);
    QuadraticLoss loss = new QuadraticLoss("test", layout, ones, antithetic, times);
    double[][] atExact = gradients(loss, new PerturbedOracle(exact, ip, layout, ones), support, REPEATS, name);
    double[] wrong = new double[layout.fields()];
    for (int f = 0; f < wrong.length; f++) {
      wrong[f] = layout.kinds().get(f) == FieldKind.DENOISER ? -1 : 0.5;
    }
    double[][] atWrong = gradients(loss, new PerturbedOracle(exact, ip, layout, wrong), support, 8, name + "-wrong");
    double worst = 0;
    for (int p = 0; p < atExact[0].length; p++) {
      double[] z = zScore(atExact, p);
      assertThat(Math.abs(z[0])).as("%s %s: gradient component %d at the exact field (mean %s, se %s)", name,
          layout, p, z[1], z[2]).isLessThan(6);
      worst = Math.max(worst, Math.abs(zScore(atWrong, p)[0]));
    }
    assertThat(worst).as("%s %s: largest |gradient| / se at a wrong field", name, layout).isGreaterThan(8);
  }

  private static double[][] gradients(QuadraticLoss loss, LearnableDriftModel model, InterpolantSupport support,
      int repeats, String stream) {
    double[][] out = new double[repeats][];
    for (int k = 0; k < repeats; k++) {
      RandomSource random = new RandomSource(11).split(stream + k);
      out[k] = Rows.values(loss.evaluate(new Context(model, random, BATCH, support)).gradient());
    }
    return out;
  }

  /** {z, mean, se} of component p over the repeats. */
  private static double[] zScore(double[][] g, int p) {
    double mean = 0;
    for (double[] row : g) {
      mean += row[p] / g.length;
    }
    double ss = 0;
    for (double[] row : g) {
      ss += (row[p] - mean) * (row[p] - mean);
    }
    double se = Math.sqrt(ss / (g.length - 1) / g.length);
    return new double[] {mean / se, mean, se};
  }

  private record Context(LearnableDriftModel model, RandomSource random, int batchSize, InterpolantSupport offer)
      implements TrainingContext {
    @Override
    public Components components() {
      return null;
    }

    @Override
    public int step() {
      return 0;
    }

    @Override
    public <S extends TrainingSupport> S support(Class<S> contract) {
      return contract.cast(offer);
    }
  }
}
