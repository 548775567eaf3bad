package org.example.library;

import io.driftkit.core.Driftkit;
import io.driftkit.core.Sampler;
import io.driftkit.core.SamplingResult;

/**
 * The program bench/library-speed.sh times: one run configured by {@code key=value} arguments (the keys of a config
 * file, as {@code driftkit run --set} takes them), printing the training steps per second the trainer measured. It
 * sets no thread count and reads no environment variable: what it shows is driftkit's in-process default.
 */
public class SpeedRun {
  public static void main(String[] args) {
    Sampler sampler = Driftkit.sampler(value(args, "method"));
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String key = arg.substring(0, eq);
      if (key.equals("target")) {
        sampler.target(arg.substring(eq + 1));
      } else if (!key.equals("method")) {
        sampler.set(key, arg.substring(eq + 1));
      }
    }
    long start = System.nanoTime();
    SamplingResult result = sampler.run();
    double wall = (System.nanoTime() - start) / 1e9;
    int steps = result.training().orElseThrow().stepsDone();
    double seconds = result.training().orElseThrow().seconds();
    System.out.printf("train_steps=%d train_seconds=%.3f steps_per_second=%.3f run_seconds=%.3f log_z_is=%s%n",
        steps, seconds, steps / seconds, wall, result.metrics().get("log_z_is"));
  }

  private static String value(String[] args, String key) {
    for (String arg : args) {
      if (arg.startsWith(key + "=")) {
        return arg.substring(key.length() + 1);
      }
    }
    throw new IllegalArgumentException("missing argument " + key + "=...");
  }
}
