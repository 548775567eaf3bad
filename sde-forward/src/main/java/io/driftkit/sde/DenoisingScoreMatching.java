package io.driftkit.sde;

import io.driftkit.api.DataSource;
import io.driftkit.api.DenoisingSupport;
import io.driftkit.api.Prediction;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.RandomSource;
import io.driftkit.api.SampleSupport;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.diffusion.Predictions;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Denoising score matching (Vincent 2011; Song et al. 2021, eq. 7): with {@code x_t = alpha x_0 + sigma z},
 * {@code L = E_t E [ lambda(t) |s(x_t, t) + z / sigma|^2 ]}, t uniform on [t-min, T]. Weightings: {@code sigma2}
 * (lambda = sigma^2, the noise-prediction loss {@code |sigma s + z|^2}), {@code likelihood} (lambda = g^2, Song et
 * al. 2021b) and {@code none}.
 *
 * <p>A model of another parametrisation (the method's {@link DenoisingSupport#prediction()}) is trained through its
 * score {@code s = a m + b x_t} ({@link Predictions}): the loss is the same score-space loss, so the weighting keeps its
 * meaning and the minimiser is the same; in the model's own terms it is {@code lambda a^2 |m - m*|^2} with m* the
 * parametrisation's regression target (eps: z; x0: x_0; v: alpha z - sigma x_0). With sigma2, an eps model trains on
 * the plain {@code |m - z|^2} of Ho et al. and an x0 model on the SNR-weighted {@code alpha^2/sigma^2 |m - x_0|^2}.
 */
public final class DenoisingScoreMatching implements Loss {

  /** How the per-time losses are weighted. */
  public enum Weighting { SIGMA2, LIKELIHOOD, NONE }

  private final Weighting weighting;
  private final double tMin;

  public DenoisingScoreMatching(Weighting weighting, double tMin) {
    this.weighting = weighting;
    this.tMin = tMin;
  }

  @Override
  public Class<SampleSupport> requires() {
    return SampleSupport.class;
  }

  @Override
  public Value evaluate(TrainingContext context) {
    ForwardProcess forward = context.components().requireForward("loss 'dsm'");
    ForwardProcess.LinearMarginals marginals = forward.linear().orElseThrow(() -> new ConfigException(
        "loss 'dsm' needs a linear forward process (key 'forward': vp, sub-vp, ve, ou, scaled-bm)"));
    SampleSupport support = context.support(SampleSupport.class);
    DataSource data = support.data();
    Prediction prediction = support instanceof DenoisingSupport denoising ? denoising.prediction() : Prediction.SCORE;
    LearnableDriftModel model = context.model();
    RandomSource random = context.random();
    int n = context.batchSize();
    int d = model.dim();
    double horizon = forward.horizon();
    INDArray x0 = data.batch(n, random);
    double[] t = new double[n];
    double[] alpha = new double[n];
    double[] sigma = new double[n];
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = tMin + (horizon - tMin) * random.nextDouble();
      alpha[i] = marginals.alpha(t[i]);
      sigma[i] = marginals.sigma(t[i]);
      lambda[i] = switch (weighting) {
        case SIGMA2 -> sigma[i] * sigma[i];
        case LIKELIHOOD -> {
          double g = forward.diffusion(t[i]);
          yield g * g;
        }
        case NONE -> 1.0;
      };
    }
    INDArray z = random.normal(n, d);
    INDArray alphaCol = Rows.matrix(alpha, n, 1);
    INDArray sigmaCol = Rows.matrix(sigma, n, 1);
    INDArray xt = x0.mulColumnVector(alphaCol).addi(z.mulColumnVector(sigmaCol));
    INDArray times = Rows.vector(t);
    if (prediction == Prediction.SCORE) {
      // residual r = s + z / sigma; L = mean_i lambda_i |r_i|^2; dL/ds_i = 2 lambda_i r_i / n
      INDArray residual = model.evaluate(xt, times).addi(z.divColumnVector(sigmaCol));
      INDArray weighted = residual.mulColumnVector(Rows.matrix(lambda, n, 1));
      double loss = Rows.sum(weighted.mul(residual)) / n;
      INDArray gradient = model.backward(xt, times, weighted.muli(2.0 / n)).parameters();
      return new Value(loss, gradient);
    }
    // s = a m + b x_t row by row: r = a m + b x_t + z / sigma and dL/dm_i = 2 lambda_i a_i r_i / n
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      Predictions.Affine map = Predictions.toScore(prediction, alpha[i], sigma[i]);
      a[i] = map.a();
      b[i] = map.b();
    }
    INDArray residual = model.evaluate(xt, times).mulColumnVector(Rows.matrix(a, n, 1))
        .addi(xt.mulColumnVector(Rows.matrix(b, n, 1))).addi(z.divColumnVector(sigmaCol));
    INDArray weighted = residual.mulColumnVector(Rows.matrix(lambda, n, 1));
    double loss = Rows.sum(weighted.mul(residual)) / n;
    INDArray outputGradient = weighted.mulColumnVector(Rows.matrix(a, n, 1)).muli(2.0 / n);
    return new Value(loss, model.backward(xt, times, outputGradient).parameters());
  }

  static final Setting<Weighting> WEIGHTING = Setting.choice("weighting", Weighting.SIGMA2,
      "lambda(t): sigma2 (noise prediction), likelihood (g^2) or none");
  static final Setting<Double> T_MIN = Setting.real("t-min", 1e-3,
      "smallest diffusion time trained on (avoids the sigma -> 0 singularity)").greaterThan(0);

  /** {@code dsm}. */
  public static final class Factory implements ComponentFactory<Loss> {
    @Override
    public String description() {
      return "denoising score matching for linear forward processes (weightings sigma2, likelihood, none), in the"
          + " parametrisation of method.prediction";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(WEIGHTING, T_MIN);
    }

    @Override
    public Loss create(Settings s, ComponentContext context) {
      context.forward().ifPresent(f -> {
        if (s.get(T_MIN) >= f.horizon()) {
          throw s.invalid(T_MIN, "must be below the forward horizon " + f.horizon());
        }
      });
      return new DenoisingScoreMatching(s.get(WEIGHTING),
          s.get(T_MIN));
    }
  }

  @Override
  public String toString() {
    return "dsm" + Map.of("weighting", weighting, "t-min", tMin);
  }
}
