package io.driftkit.targets;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.util.Types;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.Spi;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/** Builds targets the way a run does (through the plugin's Guice bindings) and integrates densities numerically. */
final class TargetTesting {

  private TargetTesting() {}

  @SuppressWarnings("unchecked")
  static Map<String, ComponentFactory<Target>> factories() {
    Key<?> key = Key.get(Types.mapOf(String.class, DriftkitPlugin.factoryType(Spi.TARGET).getType()));
    return (Map<String, ComponentFactory<Target>>) Guice.createInjector(new TargetsPlugin()).getInstance(key);
  }

  static Target create(String name) {
    return create(name, Map.of());
  }

  static Target create(String name, Map<String, String> given) {
    ComponentFactory<Target> f = factories().get(name);
    if (f == null) {
      throw new IllegalArgumentException("no target " + name);
    }
    return f.create(Settings.of("target '" + name + "'", "target.", given, f.settings()), CONTEXT);
  }

  /** What a target's factory sees of a run: no components yet, a seeded stream, data files reported to nobody. */
  private static final ComponentContext CONTEXT = new ComponentContext() {
    @Override
    public Target target() {
      throw new IllegalStateException("the target is not built yet");
    }

    @Override
    public Optional<ForwardProcess> forward() {
      return Optional.empty();
    }

    @Override
    public RandomSource random(String stream) {
      return new RandomSource(0).split(stream);
    }
  };

  /**
   * Composite Simpson rule of exp(log density) of a 2-D target over a box (n even intervals per axis). It is the
   * independent oracle for log Z: it uses nothing but the target's pointwise log density.
   */
  static double simpson2d(Target t, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    double[] pts = new double[2 * (n + 1)];
    double total = 0;
    for (int i = 0; i <= n; i++) {
      double x = lo + i * h;
      for (int j = 0; j <= n; j++) {
        pts[2 * j] = x;
        pts[2 * j + 1] = lo + j * h;
      }
      double[] ld = Rows.values(t.logDensity(Rows.matrix(pts, n + 1, 2)));
      double line = 0;
      for (int j = 0; j <= n; j++) {
        line += simpsonWeight(j, n) * Math.exp(ld[j]);
      }
      total += simpsonWeight(i, n) * line;
    }
    return total * h * h / 9;
  }

  /** Composite Simpson rule of f over [lo, hi] with n (even) intervals. */
  static double simpson(DoubleUnaryOperator f, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    double s = 0;
    for (int i = 0; i <= n; i++) {
      s += simpsonWeight(i, n) * f.applyAsDouble(lo + i * h);
    }
    return s * h / 3;
  }

  private static double simpsonWeight(int i, int n) {
    return i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
  }
}
