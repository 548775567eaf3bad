package io.driftkit.interpolants.loss;

import io.driftkit.api.InterpolantSupport;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.TrainingContext;
import io.driftkit.interpolants.field.FieldKind;
import io.driftkit.interpolants.field.FieldLayout;
import io.driftkit.toolkit.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The quadratic objectives of stochastic interpolants (Albergo, Boffi & Vanden-Eijnden), one per learnt field, summed
 * with weights; each field is one d-wide output block of the model ({@link FieldLayout}):
 *
 * <pre>
 *   velocity b:  E[ |b^|^2 / 2 - (a' x0 + b' x1 + gamma' z) . b^ ]
 *   v:           E[ |v^|^2 / 2 - (a' x0 + b' x1) . v^ ]                    (b = v - gamma gamma' s)
 *   score s:     E[ |s^|^2 / 2 + noise . s^ / sigma ]
 *   denoiser eta: E[ |eta^|^2 / 2 - noise . eta^ ]                        (s = -eta / sigma)
 * </pre>
 *
 * over t on {@code [tMin, 1 - tMin]} (the method's; uniform or {@link TimeSampling}) and independent draws of the ends and z. Each is minimised
 * exactly by its conditional expectation, so the reported value is the objective itself (it can be negative).
 */
public final class QuadraticLoss implements Loss {

  private final String name;
  private final FieldLayout layout;
  private final double[] weights;
  private final boolean antithetic;
  private final TimeSampling timeSampling;

  /** With t uniform. @param weights one per field of the layout */
  public QuadraticLoss(String name, FieldLayout layout, double[] weights, boolean antithetic) {
    this(name, layout, weights, antithetic, TimeSampling.UNIFORM);
  }

  /** @param weights one per field of the layout */
  public QuadraticLoss(String name, FieldLayout layout, double[] weights, boolean antithetic,
      TimeSampling timeSampling) {
    if (weights.length != layout.fields()) {
      throw new IllegalArgumentException("one weight per field: " + layout + " but " + weights.length + " weights");
    }
    this.name = name;
    this.layout = layout;
    this.weights = weights.clone();
    this.antithetic = antithetic;
    this.timeSampling = timeSampling;
  }

  /** The fields this loss trains, in the order of the model's output blocks. */
  public FieldLayout layout() {
    return layout;
  }

  @Override
  public Class<InterpolantSupport> requires() {
    return InterpolantSupport.class;
  }

  @Override
  public int modelFields() {
    return layout.fields();
  }

  @Override
  public Value evaluate(TrainingContext context) {
    InterpolantSupport support = context.support(InterpolantSupport.class);
    LearnableDriftModel model = context.model();
    InterpolantDraw draw = InterpolantDraw.draw(support, context.batchSize(), antithetic, timeSampling,
        context.random());
    int rows = draw.rows;
    int d = draw.d;
    int k = layout.fields();
    INDArray input = layout.input(Rows.matrix(draw.x, rows, d));
    INDArray times = Rows.vector(draw.t);
    double[] out = Rows.values(model.evaluate(input, times));
    double[] grad = new double[rows * k * d];
    Map<String, Double> parts = new LinkedHashMap<>();
    double total = 0;
    for (int f = 0; f < k; f++) {
      FieldKind kind = layout.kinds().get(f);
      double value = 0;
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < d; j++) {
          double o = out[r * k * d + f * d + j];
          // the objective is |o|^2 / 2 - target . o with the field's regression target
          double target = switch (kind) {
            case VELOCITY -> draw.velocity[r * d + j];
            case V -> draw.v[r * d + j];
            case SCORE -> -draw.noise[r * d + j] / draw.sigma[r];
            case DENOISER -> draw.noise[r * d + j];
          };
          value += 0.5 * o * o - target * o;
          grad[r * k * d + f * d + j] = weights[f] * (o - target) / rows;
        }
      }
      value /= rows;
      parts.put(kind.name().toLowerCase(java.util.Locale.ROOT), value);
      total += weights[f] * value;
    }
    INDArray gradient = model.parameterGradient(input, times, Rows.matrix(grad, rows, (long) k * d));
    return new Value(total, gradient, k > 1 ? parts : Map.of());
  }

  @Override
  public String toString() {
    return name + List.of(layout, "antithetic=" + antithetic, "time=" + timeSampling);
  }
}
