package io.driftkit.control.smc;

import io.driftkit.api.Components;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.plugin.PluginRegistry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Long SMC runs that give driftkit's own reference log Z where no exact value exists (logistic regression), and on
 * funnel as a check against the truth 0. Not a unit test: run it by hand.
 *
 * <pre>
 * java -cp ... io.driftkit.control.smc.ReferenceLogZ TARGET SEEDS N [key=value ...]
 * e.g. ReferenceLogZ logreg-ionosphere 5 2000 temperatures=2000 moves=2
 * SEEDS is a count (seeds 1..SEEDS) or a range FIRST-LAST
 * </pre>
 *
 * Prints log Z per seed, then mean ± sd over seeds and the wall time per run.
 *
 * <p>Measured 2026-11-22 (2-core machine shared with other builds, so wall times are inflated; defaults otherwise:
 * MALA, 2 moves per temperature, geometric schedule from beta-min 1e-4, s = 1, adaptation to 0.6, resampling at
 * ESS 0.5), n = 1000 particles:
 * <ul>
 *   <li>logreg-ionosphere, K = 1000, seeds 1-5: -111.625 ± 0.035 (sd; standard error 0.016); K = 2000, seeds 6-7:
 *       -111.636 ± 0.016; all 7: -111.628 ± 0.030 (standard error 0.011). 3-12 min per run.</li>
 *   <li>logreg-sonar, K = 1000, seeds 1-5: -108.352 ± 0.113 (standard error 0.050); K = 2000, seeds 6-9:
 *       -108.401 ± 0.086; all 9: -108.374 ± 0.099 (standard error 0.033). 3-17 min per run.</li>
 *   <li>funnel (truth 0), K = 1000, seeds 1-5: MALA -0.366 ± 0.266; HMC (3 leapfrog steps, acceptance 0.8)
 *       -0.299 ± 0.255: one step size cannot serve both the neck and the mouth of the funnel, so SMC
 *       underestimates there, as in the published tables.</li>
 * </ul>
 */
public final class ReferenceLogZ {

  private ReferenceLogZ() {}

  public static void main(String[] args) {
    String targetName = args[0];
    String[] range = args[1].split("-");
    int first = range.length == 2 ? Integer.parseInt(range[0]) : 1;
    int seeds = range.length == 2 ? Integer.parseInt(range[1]) - first + 1 : Integer.parseInt(range[0]);
    int n = Integer.parseInt(args[2]);
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      given.put(kv[0], kv[1]);
    }
    Target target = target(targetName);
    SmcFactory factory = new SmcFactory();
    Settings settings = Settings.of("method 'smc'", "method.", given, factory.settings());
    Method method = factory.create(settings, null);
    Components components = new Components(target, null, null, null, null);
    method.validate(components);
    System.out.printf(Locale.ROOT, "target %s, d = %d, n = %d, settings %s%n", targetName, target.dim(), n,
        settings.effective());
    double[] logZ = new double[seeds];
    double seconds = 0;
    for (int s = 0; s < seeds; s++) {
      long start = System.nanoTime();
      Method.Sample sample = method.sample(components, n, new RandomSource(first + s), StepObserver.NONE);
      double t = (System.nanoTime() - start) / 1e9;
      seconds += t;
      logZ[s] = sample.metrics().get("log_z_smc").doubleValue();
      System.out.printf(Locale.ROOT, "seed %d: log Z = %.4f  (acceptance %.3f, resamplings %.0f, min ESS %.3f,"
          + " NFE %d, %.1f s)%n", first + s, logZ[s], sample.metrics().get("acceptance_rate").doubleValue(),
          sample.metrics().get("resampling_steps"), sample.metrics().get("ess_min").doubleValue(), sample.functionEvaluations(), t);
    }
    double mean = SmcMethodTest.mean(logZ);
    double sd = seeds > 1 ? SmcMethodTest.sd(logZ) : Double.NaN;
    System.out.printf(Locale.ROOT, "%s: log Z = %.4f ± %.4f (sd over %d seeds; standard error %.4f), %.1f s per"
        + " run%n", targetName, mean, sd, seeds, sd / Math.sqrt(seeds), seconds / seeds);
  }

  private static Target target(String name) {
    ComponentFactory<Target> factory = PluginRegistry.load().factory(Spi.TARGET, name);
    Settings settings = Settings.of("target '" + name + "'", "target.", Map.of(), factory.settings());
    return factory.create(settings, new ComponentContext() {
      @Override
      public Target target() {
        throw new IllegalStateException("the target is being built");
      }

      @Override
      public Optional<ForwardProcess> forward() {
        return Optional.empty();
      }

      @Override
      public RandomSource random(String stream) {
        return new RandomSource(0).split(stream);
      }
    });
  }
}
