package io.driftkit.core.plugin;

/**
 * A plugin that loaded, for {@code driftkit plugins} and a run's provenance.
 *
 * @param plugin the plugin class
 * @param source the jar its class came from, or {@code class path} when it came from a directory of classes
 * @param version the jar's {@code Implementation-Version} or Maven version, or {@code unknown}
 */
public record PluginInfo(String plugin, String source, String version) {}
