package io.driftkit.core.run;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Everything a resume must get right, checked before it writes a byte: the run directory's settings may change only
 * where the change continues the same run (more training steps, how sampling and output are done), its checkpoint
 * is readable and fits the model, and the step count does not fall below the checkpoint's.
 */
public final class ResumeCheck {

  private ResumeCheck() {}

  /**
   * @param recorded the settings in the run directory's run.properties
   * @param requested those settings with the resume's --set and --unset applied
   * @param run the assembled run of {@code requested}
   * @throws ConfigException naming the key, file or value that makes the resume impossible
   */
  public static void validate(Map<String, String> recorded, Map<String, String> requested, AssembledRun run,
      RunDirectory dir) {
    TreeSet<String> keys = new TreeSet<>(recorded.keySet());
    keys.addAll(requested.keySet());
    for (String key : keys) {
      String was = recorded.get(key);
      String now = requested.get(key);
      if (!Objects.equals(was, now) && !mayChange(key)) {
        throw new ConfigException("--resume " + dir.root() + ": key '" + key + "' was " + shown(was) + " and would"
            + " be " + shown(now) + "; a resume continues the same run, so only train.steps, train.checkpoint-every,"
            + " train.log-every, sample.* and output.* may change (start a new run for anything else)");
      }
    }
    if (!run.method().trainable(run.components()) || run.train().steps() == 0) {
      return;
    }
    Path checkpoint = dir.resolve(Pipeline.CHECKPOINT_DIR);
    if (!Files.exists(checkpoint.resolve(Trainer.STATE_FILE))) {
      throw new ConfigException("--resume " + dir.root() + ": there is no checkpoint ("
          + checkpoint.resolve(Trainer.STATE_FILE) + "), so there is nothing to continue; start a new run instead");
    }
    int step = Trainer.checkpointStep(checkpoint, (LearnableDriftModel) run.components().model());
    if (run.train().steps() < step) {
      throw new ConfigException("--resume " + dir.root() + ": train.steps = " + run.train().steps() + " is below the"
          + " checkpoint's step " + step + "; a resume continues training, so give train.steps >= " + step);
    }
  }

  private static boolean mayChange(String key) {
    return key.equals("train.steps") || key.equals("train.checkpoint-every") || key.equals("train.log-every")
        || key.startsWith("sample.") || key.startsWith("output.");
  }

  private static String shown(String value) {
    return value == null ? "unset" : "'" + value + "'";
  }
}
