package io.driftkit.api.config;

/** A configuration error: the message names the key, file or value at fault and what was expected. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
