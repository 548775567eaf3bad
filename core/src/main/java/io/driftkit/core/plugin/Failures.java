package io.driftkit.core.plugin;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;

/** Turns an exception into one line for a user: what went wrong where it went wrong, without the wrappers. */
public final class Failures {

  private Failures() {}

  /**
   * The first exception below reflection and Guice wrappers as {@code SimpleName: message}, followed by its root
   * cause when that is another exception, on one line.
   */
  public static String oneLine(Throwable e) {
    Throwable t = unwrap(e);
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String line = describe(t) + (root == t ? "" : " (caused by " + describe(root) + ")");
    return line.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    for (int depth = 0; depth < 20; depth++) {
      Throwable inner = t instanceof InvocationTargetException ite ? ite.getCause()
          : t instanceof ExceptionInInitializerError eie ? eie.getCause()
          : t instanceof ProvisionException pe ? guiceCause(pe.getErrorMessages(), pe)
          : t instanceof CreationException ce ? guiceCause(ce.getErrorMessages(), ce)
          : t instanceof ConfigurationException ce ? guiceCause(ce.getErrorMessages(), ce)
          : null;
      if (inner == null || inner == t) {
        return t;
      }
      t = inner;
    }
    return t;
  }

  /** Guice reports every error as a message; the first one's cause is what the plugin threw. */
  private static Throwable guiceCause(Collection<Message> messages, RuntimeException wrapper) {
    for (Message m : messages) {
      if (m.getCause() != null) {
        return m.getCause();
      }
    }
    if (!messages.isEmpty()) {
      return new GuiceError(messages.iterator().next().getMessage());
    }
    return wrapper;
  }

  private static String describe(Throwable t) {
    if (t instanceof GuiceError) {
      return firstLine(t.getMessage());
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String s) {
    String trimmed = s.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }

  /** A Guice message without an exception behind it (e.g. a missing constructor). */
  private static final class GuiceError extends RuntimeException {
    GuiceError(String message) {
      super(message, null, false, false);
    }
  }
}
