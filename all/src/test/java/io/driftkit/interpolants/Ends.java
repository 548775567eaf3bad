package io.driftkit.interpolants;

import io.driftkit.api.Components;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.config.Settings;
import io.driftkit.interpolants.field.OracleInterpolantModel;
import io.driftkit.interpolants.method.End;
import io.driftkit.interpolants.method.InterpolantMethod;
import io.driftkit.interpolants.path.InterpolantFactories;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.GaussianMixture;
import java.util.Map;
import java.util.TreeMap;

/** Interpolants, Gaussian ends and oracle runs for the cross-module interpolant tests. */
final class Ends {

  private Ends() {}

  static Interpolant interpolant(String name, String... keys) {
    InterpolantFactories.Builtin f = switch (name) {
      case "linear" -> InterpolantFactories.linear();
      case "trigonometric" -> InterpolantFactories.trigonometric();
      case "encoder-decoder" -> InterpolantFactories.encoderDecoder();
      case "one-sided" -> InterpolantFactories.oneSided();
      case "mirror" -> InterpolantFactories.mirror();
      default -> throw new IllegalArgumentException(name);
    };
    Map<String, String> given = new TreeMap<>();
    for (String kv : keys) {
      given.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return f.create(Settings.of("interpolant '" + name + "'", "interpolant.", given, f.settings()), null);
  }

  /** N(mean, cov) as a one-component mixture. */
  static GaussianMixture gaussian(double[] mean, double[][] cov) {
    return GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov});
  }

  static double[][] diag(double... v) {
    double[][] c = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      c[i][i] = v[i];
    }
    return c;
  }

  /** The oracle run from rho0 to rho1 with the given integrator and options (validated, so the oracle is bound). */
  static Run oracle(Interpolant ip, GaussianMixture rho0, GaussianMixture rho1, Integrator integrator,
      InterpolantMethod.Options options) {
    MixtureTarget target = new MixtureTarget(rho1);
    End start = rho0 == null ? End.normal(rho1.dim()) : End.target(new MixtureTarget(rho0), false);
    InterpolantMethod method = new InterpolantMethod(ip, start, End.target(target, true), options);
    Components components = new Components(target, null, new OracleInterpolantModel(rho1.dim()), null, integrator);
    method.validate(components);
    return new Run(method, components);
  }

  record Run(InterpolantMethod method, Components components) {}
}
