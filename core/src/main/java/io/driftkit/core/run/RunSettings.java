package io.driftkit.core.run;

import io.driftkit.api.config.Setting;
import java.util.List;

/** The run-level keys that belong to no plugin: seed, sampling and output. */
public final class RunSettings {

  public static final Setting<Long> SEED = Setting.longInteger("seed", 0L,
      "seed of the run's random source; the same seed gives the same numbers");
  public static final Setting<Integer> SAMPLE_N = Setting.integer("sample.n", 10000,
      "number of samples to draw").atLeast(1);
  public static final Setting<Integer> WRITE_N = Setting.integer("sample.write-n", 0,
      "at most this many samples are written to samples.csv (0: all); every drawn sample still enters the log Z"
          + " estimate, so many importance samples need not fill the disk").atLeast(0);
  public static final Setting<Integer> REFERENCE_N = Setting.integer("sample.reference-n", 2000,
      "number of exact target samples to compare against (MMD, Sinkhorn, plots), where the target has a sampler")
      .atLeast(2);
  public static final Setting<Integer> METRIC_N = Setting.integer("sample.metric-n", 2000,
      "at most this many samples (and reference samples) enter MMD^2, and target samples the EUBO paths")
      .atLeast(2);
  public static final Setting<Double> SINKHORN_EPS = Setting.real("sample.sinkhorn-eps", 0.05,
      "entropic regularisation of the Sinkhorn divergence, on samples standardised by the reference's mean and sd")
      .greaterThan(0);
  public static final Setting<Integer> SINKHORN_N = Setting.integer("sample.sinkhorn-n", 1000,
      "at most this many samples (and reference samples) enter the Sinkhorn divergence and its noise floor"
          + " (0: skip it); its floor on gmm-grid at 1000 is 0.02-0.12")
      .atLeast(0);
  public static final Setting<Boolean> PLOT = Setting.bool("output.plot", true,
      "write a PNG scatter plot of the first two coordinates");

  /** Every run-level key. */
  public static final List<Setting<?>> ALL = List.of(SEED, SAMPLE_N, WRITE_N, REFERENCE_N, METRIC_N, SINKHORN_EPS, SINKHORN_N,
      PLOT);

  private RunSettings() {}
}
