package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.core.train.TrainResult;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link Pipeline#run} produced.
 *
 * @param metrics every metric, keyed and valued as metrics.json holds them
 * @param sample the samples, their log weights (or null) and the method's own numbers
 * @param training what training did, or null for a run that did not train
 * @param reference the samples the metrics compared against (exact target samples or held-out data), or null
 */
public record RunOutcome(Map<String, Object> metrics, Method.Sample sample, TrainResult training,
    INDArray reference) {}
