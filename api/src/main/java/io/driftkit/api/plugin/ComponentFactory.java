package io.driftkit.api.plugin;

import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import java.util.List;

/**
 * Makes one kind of component from its own config keys. A plugin binds factories by name; the name is what users
 * write in a config ({@code target = funnel}).
 *
 * @param <T> the component type
 */
public interface ComponentFactory<T> {

  /** A one-line description for {@code driftkit plugins}. */
  String description();

  /** The keys this component reads, with types, defaults and documentation. */
  default List<Setting<?>> settings() {
    return List.of();
  }

  /**
   * Builds the component.
   *
   * @param settings validated values of exactly the keys in {@link #settings()}
   * @param context the components built before this one
   */
  T create(Settings settings, ComponentContext context);
}
