package io.driftkit.api;

/**
 * What a {@link Method} offers its {@link Loss} during training: a typed contract between a method family and the
 * losses written for it. A loss names the contract it needs ({@link Loss#requires()}); a run is assembled only when
 * the method's offer implements it, so a mismatch is a configuration error before anything runs.
 */
public interface TrainingSupport {

  /** The offer of a method that trains nothing. */
  TrainingSupport NONE = new TrainingSupport() {
    @Override
    public String toString() {
      return "nothing";
    }
  };
}
