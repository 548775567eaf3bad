package io.driftkit.api.plugin;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.Target;
import java.util.List;

/**
 * One extension point: the component type and the top-level config key that selects an implementation by name.
 *
 * @param <T> the component type
 */
public final class Spi<T> {

  public static final Spi<Target> TARGET = new Spi<>("target", Target.class);
  public static final Spi<ForwardProcess> FORWARD = new Spi<>("forward", ForwardProcess.class);
  public static final Spi<DriftModel> MODEL = new Spi<>("model", DriftModel.class);
  public static final Spi<Loss> LOSS = new Spi<>("loss", Loss.class);
  public static final Spi<Integrator> INTEGRATOR = new Spi<>("integrator", Integrator.class);
  public static final Spi<Method> METHOD = new Spi<>("method", Method.class);
  public static final Spi<Interpolant> INTERPOLANT = new Spi<>("interpolant", Interpolant.class);

  /** Every extension point, in the order a run builds them (the method's factory is consulted first). */
  public static final List<Spi<?>> ALL = List.of(METHOD, TARGET, FORWARD, INTERPOLANT, LOSS, MODEL,
      INTEGRATOR);

  private final String key;
  private final Class<T> type;

  private Spi(String key, Class<T> type) {
    this.key = key;
    this.type = type;
  }

  /** The config key, also the name users give this SPI on the command line. */
  public String key() {
    return key;
  }

  public Class<T> type() {
    return type;
  }

  /** The SPI whose key is {@code key}, or null. */
  public static Spi<?> byKey(String key) {
    return ALL.stream().filter(s -> s.key.equals(key)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return key;
  }
}
