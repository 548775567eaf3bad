package io.driftkit.interpolants.field;

import io.driftkit.api.DriftModel;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code oracle-interpolant}: the exact velocity b(t, x) (and score) of the run's interpolant when both ends are
 * Gaussian mixtures ({@link MixtureFields}). The ends and the interpolant belong to method {@code interpolant}, which
 * binds them when it checks the run; as a {@link DriftModel} the oracle is the velocity.
 */
public final class OracleInterpolantModel implements DriftModel {

  private final int dim;
  private MixtureFields fields;

  public OracleInterpolantModel(int dim) {
    this.dim = dim;
  }

  /** Gives the oracle its interpolant and ends. */
  public void bind(MixtureFields exact) {
    if (exact.dim() != dim) {
      throw new IllegalArgumentException("oracle-interpolant has dimension " + dim + ", its ends " + exact.dim());
    }
    this.fields = exact;
  }

  /** The exact fields, once bound. */
  public MixtureFields fields() {
    if (fields == null) {
      throw new IllegalStateException("model 'oracle-interpolant' is bound to its ends by method 'interpolant',"
          + " which has not checked this run yet");
    }
    return fields;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    return fields().evaluate(x, t, false)[0];
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return fields().evaluate(x, Rows.values(t))[0];
  }

  /** The factory bound as {@code oracle-interpolant}. */
  public static final class Factory implements ComponentFactory<DriftModel> {
    @Override
    public String description() {
      return "exact velocity and score of the interpolant between two Gaussian-mixture ends (method interpolant)";
    }

    @Override
    public DriftModel create(Settings settings, ComponentContext context) {
      if (context.interpolant().isEmpty()) {
        throw new ConfigException("model 'oracle-interpolant' belongs to method 'interpolant' (key 'method')");
      }
      return new OracleInterpolantModel(context.target().dim());
    }
  }
}
