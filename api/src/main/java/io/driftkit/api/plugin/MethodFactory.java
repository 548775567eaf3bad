package io.driftkit.api.plugin;

import io.driftkit.api.Method;
import io.driftkit.api.Role;
import java.util.Map;
import java.util.Set;

/** A factory of a {@link Method} that also declares which roles the method fills and with what by default. */
public interface MethodFactory extends ComponentFactory<Method> {

  /** The roles this method uses; keys for other roles are an error. */
  Set<Role> roles();

  /** The plugin name used for a role when the config leaves it out (roles absent here must be configured). */
  default Map<Role, String> defaults() {
    return Map.of();
  }
}
