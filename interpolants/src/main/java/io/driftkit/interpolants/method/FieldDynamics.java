package io.driftkit.interpolants.method;

import io.driftkit.api.Dynamics;
import io.driftkit.interpolants.field.Fields;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code dX = (b + c eps(t) s) dt + sqrt(2 eps(t)) dW} from an interpolant's fields: c = +1 is the forward SDE
 * (generation), c = -1 the drift of the backward one; eps = 0 is the probability-flow ODE (no score is evaluated).
 */
final class FieldDynamics implements Dynamics {

  private final Fields fields;
  private final DoubleUnaryOperator eps;
  private final double sign;

  FieldDynamics(Fields fields, DoubleUnaryOperator eps, double sign) {
    this.fields = fields;
    this.eps = eps;
    this.sign = sign;
  }

  @Override
  public int dim() {
    return fields.dim();
  }

  @Override
  public INDArray drift(INDArray x, double t) {
    double e = eps.applyAsDouble(t);
    INDArray[] f = fields.evaluate(x, t, e != 0);
    return e == 0 ? f[0] : f[0].addi(f[1].muli(sign * e));
  }

  @Override
  public double diffusion(double t) {
    return Math.sqrt(2 * eps.applyAsDouble(t));
  }
}
