package io.driftkit.core.plugin;

import io.driftkit.api.config.ConfigException;

/** A plugin could not be loaded or conflicts with another: start-up is refused with this message. */
public final class PluginLoadException extends ConfigException {

  public PluginLoadException(String message) {
    super(message);
  }
}
