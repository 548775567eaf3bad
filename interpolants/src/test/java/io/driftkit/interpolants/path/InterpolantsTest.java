package io.driftkit.interpolants.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Interpolant;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The built-in interpolants and the check every interpolant passes before a run uses it. */
class InterpolantsTest {

  static Interpolant build(InterpolantFactories.Builtin f, Map<String, String> keys) {
    return f.create(Settings.of("interpolant", "interpolant.", keys, f.settings()), null);
  }

  static Stream<Arguments> builtins() {
    Stream.Builder<Arguments> out = Stream.builder();
    for (InterpolantFactories.Builtin f : new InterpolantFactories.Builtin[] {InterpolantFactories.linear(),
        InterpolantFactories.trigonometric(), InterpolantFactories.encoderDecoder(), InterpolantFactories.oneSided(),
        InterpolantFactories.mirror()}) {
      for (String gamma : new String[] {"sqrt", "quadratic", "sine-squared", "zero"}) {
        for (String scale : new String[] {"0.5", "0.9"}) {
          // gamma = 0 with x0 and x1 both switched off at t = 1/2 collapses the encoder-decoder: refused (below)
          if (f.create(Settings.of("i", "i.", Map.of(), f.settings()), null) instanceof Coefficients c
              && c.path() == Coefficients.Path.ENCODER_DECODER && gamma.equals("zero")) {
            continue;
          }
          out.add(Arguments.of(f, Map.of("gamma", gamma, "gamma-scale", scale)));
        }
      }
    }
    out.add(Arguments.of(InterpolantFactories.oneSided(), Map.of("path", "trigonometric", "gamma", "sqrt")));
    return out.build();
  }

  /**
   * Every built-in with every gamma passes the check (boundary conditions, finite coefficients, derivatives equal to
   * central differences of a, b and gamma^2 at 399 interior times), and gamma gamma' is finite at the ends.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("builtins")
  void builtinsAreValidInterpolantsWithExactDerivatives(InterpolantFactories.Builtin f, Map<String, String> keys) {
    Interpolant ip = build(f, keys);
    InterpolantCheck.check(ip.toString(), ip);
    assertThat(Double.isFinite(ip.gammaGammaDot(0)) && Double.isFinite(ip.gammaGammaDot(1))).isTrue();
  }

  /** sqrt(t(1-t)): gamma' = (1 - 2t) / (2 gamma) is infinite at 0 and 1, gamma gamma' = (1 - 2t) / 2 is not. */
  @Test
  void squareRootGammaHasAFiniteGammaGammaDotWhereItsDerivativeIsInfinite() {
    assertThat(Gamma.SQRT.gammaGammaDot(1, 0)).isEqualTo(0.5);
    assertThat(Gamma.SQRT.gammaGammaDot(1, 1)).isEqualTo(-0.5);
    assertThat(Gamma.SQRT.gammaGammaDot(2, 0.25)).isCloseTo(0.5, within(1e-15));
    assertThat(Gamma.SQRT.value(4, 0.5)).isEqualTo(1);
    assertThat(Gamma.SINE_SQUARED.value(0.7, 0.5)).isCloseTo(0.7, within(1e-15));
  }

  /** The trigonometric path keeps a^2 + b^2 + gamma^2 = 1, so unit-variance ends stay unit variance. */
  @Test
  void trigonometricInterpolantPreservesVariance() {
    Interpolant ip = build(InterpolantFactories.trigonometric(), Map.of("gamma", "sine-squared", "gamma-scale",
        "0.6"));
    for (double t = 0; t <= 1; t += 0.05) {
      assertThat(ip.a(t) * ip.a(t) + ip.b(t) * ip.b(t) + ip.gamma(t) * ip.gamma(t)).isCloseTo(1, within(1e-14));
    }
    assertThatThrownBy(() -> build(InterpolantFactories.trigonometric(), Map.of("gamma", "sine-squared",
        "gamma-scale", "1"))).isInstanceOf(ConfigException.class).hasMessageContaining("interpolant.gamma-scale")
        .hasMessageContaining("gamma < 1");
  }

  @Test
  void encoderDecoderPassesThroughPureNoiseAndRefusesToCollapseWithoutIt() {
    Interpolant ip = build(InterpolantFactories.encoderDecoder(), Map.of());
    assertThat(ip.a(0.5)).isZero();
    assertThat(ip.b(0.5)).isZero();
    assertThat(ip.gamma(0.5)).isEqualTo(1);
    Interpolant collapsed = build(InterpolantFactories.encoderDecoder(), Map.of("gamma", "zero"));
    assertThatThrownBy(() -> InterpolantCheck.check("'encoder-decoder'", collapsed))
        .isInstanceOf(ConfigException.class).hasMessageContaining("point mass").hasMessageContaining("t = 0.5");
  }

  /** A third party's interpolant with a broken end, a wrong derivative or a negative gamma is refused, named. */
  @Test
  void brokenInterpolantsAreRefusedNamingTheCondition() {
    Interpolant good = build(InterpolantFactories.linear(), Map.of());
    assertThatThrownBy(() -> InterpolantCheck.check("'half'", new Shifted(good, 0.5, 0, 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'half'")
        .hasMessageContaining("boundary condition a(1) = 0").hasMessageContaining("key 'interpolant'");
    assertThatThrownBy(() -> InterpolantCheck.check("'slope'", new Shifted(good, 0, 0.1, 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("a'(").hasMessageContaining("central difference");
    assertThatThrownBy(() -> InterpolantCheck.check("'negative'", new Shifted(good, 0, 0, -1)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("gamma(");
  }

  /** The linear interpolant with (a) a + shift * t, (b) a' + slope, (c) gamma scaled by sign. */
  private record Shifted(Interpolant inner, double shift, double slope, double sign) implements Interpolant {
    @Override
    public double a(double t) {
      return inner.a(t) + shift * t;
    }

    @Override
    public double b(double t) {
      return inner.b(t);
    }

    @Override
    public double aDot(double t) {
      return inner.aDot(t) + shift + slope;
    }

    @Override
    public double bDot(double t) {
      return inner.bDot(t);
    }

    @Override
    public double gamma(double t) {
      return sign == 0 ? inner.gamma(t) : sign * inner.gamma(t);
    }

    @Override
    public double gammaGammaDot(double t) {
      return inner.gammaGammaDot(t);
    }
  }
}
