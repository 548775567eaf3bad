package io.driftkit.bridge;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact Schrödinger bridge between a Gaussian target and the Gaussian prior ({@link GaussianBridge}) as a drift
 * model: {@code backward} gives u_b (the bridge runs {@code dY = [lambda Y + g^2 u_b] ds + g dW} from the prior, the
 * field a {@code dsb} backward network learns; as a score it also drives {@code score-sde}'s reversal), {@code forward}
 * gives u_f (the bridge runs {@code dX = [-lambda X + g^2 u_f] dt + g dW} from the target). Time is forward time t.
 */
public final class OracleBridgeModel implements DriftModel {

  /** Which of the bridge's two fields. */
  public enum Direction { BACKWARD, FORWARD }

  private final GaussianBridge bridge;
  private final Direction direction;

  public OracleBridgeModel(GaussianBridge bridge, Direction direction) {
    this.bridge = bridge;
    this.direction = direction;
  }

  /** The closed-form bridge (marginal mean and covariance at any t). */
  public GaussianBridge bridge() {
    return bridge;
  }

  public Direction direction() {
    return direction;
  }

  /** The same bridge's other field, or this one. */
  public OracleBridgeModel withDirection(Direction d) {
    return d == direction ? this : new OracleBridgeModel(bridge, d);
  }

  @Override
  public int dim() {
    return bridge.dim();
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    return direction == Direction.BACKWARD ? bridge.backwardField(x, t) : bridge.forwardField(x, t);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    double[] times = Rows.values(t);
    Map<Double, List<Integer>> rowsAt = new LinkedHashMap<>();
    for (int i = 0; i < times.length; i++) {
      rowsAt.computeIfAbsent(times[i], k -> new ArrayList<>()).add(i);
    }
    int d = (int) x.size(1);
    double[] out = new double[times.length * d];
    rowsAt.forEach((time, rows) -> {
      int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
      double[] v = Rows.values(evaluate(x.getRows(r), time));
      for (int i = 0; i < r.length; i++) {
        System.arraycopy(v, i * d, out, r[i] * d, d);
      }
    });
    return Rows.matrix(out, times.length, d);
  }

  static final Setting<Direction> DIRECTION = Setting.choice("direction", Direction.BACKWARD,
      "which field: backward (u_b, the generative direction from the prior) or forward (u_f, from the target)");

  /** {@code oracle-bridge}. */
  public static final class Factory implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "closed-form Schroedinger bridge between a Gaussian target and the Gaussian prior under a linear"
          + " reference (Bunne et al. 2023): drift, marginal mean and covariance at any t";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIRECTION, BridgePrior.PRIOR_STD);
    }

    @Override
    public DriftModel create(Settings s, ComponentContext context) {
      GaussianMixtureSpec spec = context.target().mixture().filter(m -> m.components() == 1).orElseThrow(() ->
          new ConfigException("model 'oracle-bridge' needs a Gaussian target (one component; key 'target', e.g."
              + " gaussian)"));
      ForwardProcess forward = context.forward().orElseThrow(() -> new ConfigException(
          "model 'oracle-bridge' needs a reference process (key 'forward')"));
      return new OracleBridgeModel(bridge(spec, forward, BridgePrior.variance(forward, s.get(BridgePrior.PRIOR_STD))),
          s.get(DIRECTION));
    }
  }

  /** The bridge from the target's single Gaussian at t = 0 to {@code N(0, priorVariance I)} at the horizon. */
  static GaussianBridge bridge(GaussianMixtureSpec spec, ForwardProcess forward, double priorVariance) {
    int d = spec.dim();
    double[][] cov1 = new double[d][d];
    for (int i = 0; i < d; i++) {
      cov1[i][i] = priorVariance;
    }
    return new GaussianBridge(BridgePrior.linear(forward, "oracle-bridge"), forward.horizon(), spec.means()[0],
        spec.covariances()[0], new double[d], cov1);
  }
}
