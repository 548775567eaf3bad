package io.driftkit.core.run;

/** A run produced NaN or infinity: the message names the stage, step and offending value. */
public final class NonFiniteValueException extends RuntimeException {

  public NonFiniteValueException(String message) {
    super(message);
  }
}
