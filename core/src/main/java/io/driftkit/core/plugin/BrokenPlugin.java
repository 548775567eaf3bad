package io.driftkit.core.plugin;

/**
 * A plugin that could not be loaded, configured or built, or that registers a name another plugin registered
 * first. Commands that never touch it still run; a run that names one of its components is refused with
 * {@link #line()}.
 *
 * @param plugin the plugin class, or null when a whole plugin directory is unusable
 * @param source the plugin's jar (or directory), or {@code class path}
 * @param cause what went wrong, on one line
 */
public record BrokenPlugin(String plugin, String source, String cause) {

  /** The one line a user sees, naming the plugin class, where it came from and the cause. */
  public String line() {
    return (plugin == null ? "plugin directory " + source : "plugin " + plugin + " (" + source + ")")
        + " is broken: " + cause;
  }
}
