package io.driftkit.core.train;

import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * The run's {@code train.*} keys.
 *
 * @param steps optimiser steps (0: nothing to train)
 * @param batch batch size handed to the loss
 * @param lr peak learning rate
 * @param schedule {@code constant}, {@code step} (multiply by {@code lrDecay} every {@code lrDecayEvery} steps) or
 *     {@code cosine} (from lr down to {@code lrFinal * lr})
 * @param clip gradient-norm clip (0: off)
 * @param ema EMA decay of the weights used for sampling (0: off)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param logEvery steps between progress lines when not on a terminal
 */
public record TrainSettings(int steps, int batch, double lr, LrSchedule schedule, double lrDecay, int lrDecayEvery,
    double lrFinal, int warmup, double clip, double ema, int checkpointEvery, int logEvery, double beta1,
    double beta2, double epsilon) {

  public static final Setting<Integer> STEPS = Setting.integer("steps", 1000, "optimiser steps (0: no training)")
      .atLeast(0);
  public static final Setting<Integer> BATCH = Setting.integer("batch", 512, "batch size per step").atLeast(1);
  public static final Setting<Double> LR = Setting.real("lr", 1e-3, "peak learning rate of Adam").greaterThan(0);
  /** The learning-rate schedules. */
  public enum LrSchedule { CONSTANT, STEP, COSINE }

  public static final Setting<LrSchedule> SCHEDULE = Setting.choice("schedule", LrSchedule.CONSTANT,
      "learning-rate schedule: constant, step (lr-decay every lr-decay-every steps) or cosine (down to lr-final x lr)");
  public static final Setting<Double> LR_DECAY = Setting.real("lr-decay", 0.5,
      "factor applied every lr-decay-every steps (schedule = step)").greaterThan(0);
  public static final Setting<Integer> LR_DECAY_EVERY = Setting.integer("lr-decay-every", 1000,
      "steps between decays (schedule = step)").atLeast(1);
  public static final Setting<Double> LR_FINAL = Setting.real("lr-final", 0.02,
      "final learning rate as a fraction of lr (schedule = cosine)").atLeast(0);
  public static final Setting<Integer> WARMUP = Setting.integer("warmup", 0,
      "steps of linear learning-rate warm-up").atLeast(0);
  public static final Setting<Double> CLIP = Setting.real("clip", 0.0, "gradient-norm clip (0: off)").atLeast(0);
  public static final Setting<Double> EMA = Setting.real("ema", 0.0,
      "decay of the exponential moving average of weights used for sampling (0: off)")
      .check(v -> v >= 0 && v < 1, "a number in [0, 1)");
  public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("checkpoint-every", 500,
      "steps between checkpoints, so that a run that diverges or is stopped keeps its last good state (0: only at"
          + " the end)").atLeast(0);
  public static final Setting<Integer> LOG_EVERY = Setting.integer("log-every", 0,
      "steps between progress lines when not on a terminal (0: every tenth of the run)").atLeast(0);
  public static final Setting<Double> BETA1 = Setting.real("adam-beta1", 0.9, "Adam's first-moment decay")
      .check(v -> v >= 0 && v < 1, "a number in [0, 1)");
  public static final Setting<Double> BETA2 = Setting.real("adam-beta2", 0.999, "Adam's second-moment decay")
      .check(v -> v >= 0 && v < 1, "a number in [0, 1)");
  public static final Setting<Double> EPSILON = Setting.real("adam-epsilon", 1e-8, "Adam's denominator guard")
      .greaterThan(0);

  /** Every {@code train.*} key, for validation and documentation. */
  public static final List<Setting<?>> SETTINGS = List.of(STEPS, BATCH, LR, SCHEDULE, LR_DECAY, LR_DECAY_EVERY,
      LR_FINAL, WARMUP, CLIP, EMA, CHECKPOINT_EVERY, LOG_EVERY, BETA1, BETA2, EPSILON);

  /** Reads validated {@code train.*} settings. */
  public static TrainSettings from(Settings s) {
    return new TrainSettings(s.get(STEPS), s.get(BATCH), s.get(LR), s.get(SCHEDULE), s.get(LR_DECAY),
        s.get(LR_DECAY_EVERY), s.get(LR_FINAL), s.get(WARMUP), s.get(CLIP), s.get(EMA), s.get(CHECKPOINT_EVERY),
        s.get(LOG_EVERY), s.get(BETA1), s.get(BETA2), s.get(EPSILON));
  }

  /** Parses {@code train.*} values given without the prefix (e.g. {@code steps -> 200}); unknown keys fail. */
  public static TrainSettings parse(Map<String, String> given) {
    return from(Settings.of("train", "train.", given, SETTINGS));
  }

  /** The defaults, with the given step count and batch. */
  public static TrainSettings defaults(int steps, int batch) {
    return parse(Map.of("steps", String.valueOf(steps), "batch", String.valueOf(batch)));
  }

  /** The learning rate at step k (from 0). */
  public double learningRate(int k) {
    double base = switch (schedule) {
      case STEP -> lr * Math.pow(lrDecay, Math.floorDiv(k, lrDecayEvery));
      case COSINE -> {
        double u = steps <= 1 ? 1 : Math.min(1, (double) k / (steps - 1));
        yield lr * (lrFinal + (1 - lrFinal) * 0.5 * (1 + Math.cos(Math.PI * u)));
      }
      case CONSTANT -> lr;
    };
    return warmup > 0 && k < warmup ? base * (k + 1) / warmup : base;
  }
}
