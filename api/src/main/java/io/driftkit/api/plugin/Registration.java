package io.driftkit.api.plugin;

/**
 * One named implementation a plugin registered.
 *
 * @param spi the extension point
 * @param name the name users select it by
 * @param factory the factory class (for messages)
 * @param plugin the plugin class that registered it
 */
public record Registration(Spi<?> spi, String name, Class<?> factory, Class<? extends DriftkitPlugin> plugin) {}
