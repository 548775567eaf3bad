package io.driftkit.core;

import io.driftkit.api.DriftModel;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunOutcome;
import io.driftkit.core.train.TrainResult;
import io.driftkit.toolkit.Rows;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link Sampler} run produced: the samples, their log importance weights and the normalising-constant
 * estimates from them, every metric {@code metrics.json} would hold, and the trained model.
 */
public final class SamplingResult {

  private final RunOutcome outcome;
  private final AssembledRun run;
  private final double[] logWeights;

  SamplingResult(RunOutcome outcome, AssembledRun run) {
    this.outcome = outcome;
    this.run = run;
    this.logWeights = outcome.sample().logWeights() == null ? null : Rows.values(outcome.sample().logWeights());
  }

  /** The samples, {@code [n, d]}. */
  public INDArray samples() {
    return outcome.sample().samples();
  }

  /** The samples as rows {@code double[n][d]} (a copy). */
  public double[][] sampleRows() {
    INDArray x = samples();
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    double[] v = Rows.values(x);
    double[][] rows = new double[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(v, i * d, rows[i], 0, d);
    }
    return rows;
  }

  /** Log importance weights of the samples (target over proposal, up to log Z), for methods that give them. */
  public Optional<double[]> logWeights() {
    return Optional.ofNullable(logWeights).map(double[]::clone);
  }

  /** The importance-sampling estimate of log Z, log(mean w). */
  public OptionalDouble logZImportanceSampling() {
    return logWeights == null ? OptionalDouble.empty() : OptionalDouble.of(LogZ.importanceSampling(logWeights));
  }

  /** Its delta-method standard error ({@link LogZ#importanceSamplingStandardError}). */
  public OptionalDouble logZImportanceSamplingError() {
    return logWeights == null ? OptionalDouble.empty()
        : OptionalDouble.of(LogZ.importanceSamplingStandardError(logWeights));
  }

  /** The ELBO, mean log w: a lower bound on log Z in expectation. */
  public OptionalDouble logZElbo() {
    return logWeights == null ? OptionalDouble.empty() : OptionalDouble.of(LogZ.elbo(logWeights));
  }

  /** The ELBO's standard error, sd(log w) / sqrt(n). */
  public OptionalDouble logZElboError() {
    return logWeights == null ? OptionalDouble.empty() : OptionalDouble.of(LogZ.elboStandardError(logWeights));
  }

  /** The normalised effective sample size of the weights, in (0, 1]. */
  public OptionalDouble ess() {
    return logWeights == null ? OptionalDouble.empty() : OptionalDouble.of(LogZ.normalisedEss(logWeights));
  }

  /** Every metric, keyed and valued as metrics.json holds them (the README's metrics table says what each is). */
  public Map<String, Object> metrics() {
    return outcome.metrics();
  }

  /** A numeric metric by its metrics.json key, e.g. {@code "mmd2"}, {@code "log_z_error"}. */
  public OptionalDouble metric(String key) {
    return outcome.metrics().get(key) instanceof Number v ? OptionalDouble.of(v.doubleValue())
        : OptionalDouble.empty();
  }

  /** The model, holding the trained weights; empty for methods without one. */
  public Optional<DriftModel> model() {
    return Optional.ofNullable(run.components().model());
  }

  /** What training did; empty for a run that did not train. */
  public Optional<TrainResult> training() {
    return Optional.ofNullable(outcome.training());
  }

  /** Every key of the run with its effective value (defaults included): run.properties without provenance. */
  public Map<String, String> settings() {
    return run.effective();
  }
}
