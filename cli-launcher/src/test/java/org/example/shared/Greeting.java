package org.example.shared;

/**
 * A class both the host's class path (this one) and a test plugin's jar define: a plugin must see its own copy
 * (child-first class loading), not this one.
 */
public final class Greeting {

  private Greeting() {}

  public static String from() {
    return "host";
  }
}
