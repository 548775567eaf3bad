package io.driftkit.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code driftkit bench interpolants}: interpolant x gamma x loss x eps on three bridges, score-sde beside. */
@Command(name = "interpolants", description = "Train stochastic interpolants (interpolant:gamma with a loss; by default"
    + " gamma and the loss varied one at a time around linear:sqrt with velocity-score) on gmm-grid and checkerboard"
    + " from N(0, I) and on circles -> checkerboard, sample each at every eps, and write a Markdown"
    + " table of Sinkhorn, MMD^2, log-likelihood (with the exact value), NFE and train seconds, with score-sde on the"
    + " same targets and budget.")
final class BenchInterpolantsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--problems", split = ",", description = "NAME=TARGET<-RHO0 (default: ${DEFAULT-VALUE})")
  List<String> problems = List.of("gmm-grid=gmm-grid<-normal", "checkerboard=checkerboard<-normal",
      "circles-to-checkerboard=checkerboard<-circles");

  @Option(names = "--interpolants", split = ",", description = "interpolant:gamma; given with or without --losses,"
      + " the product of the two replaces --cells (default: ${DEFAULT-VALUE})")
  List<String> interpolants = List.of("linear:sqrt");

  @Option(names = "--losses", split = ",", description = "NAME or NAME;key=value;... with keys of the loss, e.g."
      + " velocity-score;noise=denoiser (default: ${DEFAULT-VALUE})")
  List<String> losses = List.of("velocity-score");

  @Option(names = "--cells", split = ",", description = "INTERPOLANT:GAMMA/LOSS pairs to train, unless --interpolants"
      + " or --losses is given (default: ${DEFAULT-VALUE})")
  List<String> cells = List.of("linear:sqrt/velocity-score", "linear:sqrt/velocity",
      "linear:sqrt/velocity-score;noise=denoiser", "linear:sqrt/denoiser", "linear:quadratic/velocity-score",
      "linear:sine-squared/velocity-score", "linear:zero/velocity");

  @Option(names = "--epsilons", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<Double> epsilons = List.of(0.0, 0.5);

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(names = "--steps", description = "Adam steps per training (default: ${DEFAULT-VALUE})")
  int steps = 1000;

  @Option(names = "--batch", description = "default: ${DEFAULT-VALUE}")
  int batch = 256;

  @Option(names = "--lr", description = "peak learning rate, cosine schedule (default: ${DEFAULT-VALUE})")
  double lr = 1e-2;

  @Option(names = "--hidden", description = "mlp widths (default: ${DEFAULT-VALUE})")
  String hidden = "64,64";

  @Option(names = "--sample-n", description = "samples per cell (default: ${DEFAULT-VALUE})")
  int sampleN = 2000;

  @Option(names = "--likelihood-n", description = "held-out points of the likelihood, 0 skips it"
      + " (default: ${DEFAULT-VALUE})")
  int likelihoodN = 50;

  @Option(names = "--no-score-sde", description = "leave score-sde out")
  boolean noScoreSde;

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-interpolants.md");

  @Option(names = "--set", description = "KEY=VALUE added to every run, e.g. method.t-min=0.01 (repeatable)")
  List<String> extraKeys = new ArrayList<>();

  @Option(names = "--jobs", description = "cells trained at the same time, each on its own thread; the numbers do"
      + " not depend on it (default: ${DEFAULT-VALUE})")
  int jobs = 1;

  /** One training (problem, interpolant or score-sde, loss, seed) and its samples. */
  private record Task(String label, Function<InterpolantBenchmark, List<InterpolantBenchmark.Cell>> run) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (jobs < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
    }
    List<String> allLosses = new ArrayList<>(losses);
    List<String> allInterpolants = new ArrayList<>(interpolants);
    // the --cells entries are validated even where the product replaces them: a typo is an error either way
    cells.forEach(c -> {
      allInterpolants.add(cell(c)[0]);
      allLosses.add(cell(c)[1]);
    });
    for (String ip : allInterpolants) {
      if (ip.split(":", -1).length != 2 || ip.startsWith(":") || ip.endsWith(":")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid interpolant '" + ip
            + "': expected INTERPOLANT:GAMMA, e.g. linear:sqrt or one-sided:zero");
      }
    }
    for (String loss : allLosses) {
      try {
        InterpolantBenchmark.lossKeys(loss);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--losses: " + e.getMessage());
      }
    }
    var log = spec.commandLine().getErr();
    long start = System.nanoTime();
    String loadBefore = load();
    InterpolantBenchmark.Budget budget = new InterpolantBenchmark.Budget(steps, batch, lr, hidden, sampleN, 2000,
        1000, likelihoodN, 16);
    List<String> skips = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String[]> pairs = new ArrayList<>();
    var parsedLine = spec.commandLine().getParseResult();
    boolean product = parsedLine.hasMatchedOption("--interpolants") || parsedLine.hasMatchedOption("--losses");
    if (product) {
      for (String ip : interpolants) {
        for (String loss : losses) {
          pairs.add(new String[] {ip, loss});
        }
      }
    } else {
      for (String cell : cells) {
        pairs.add(cell(cell));
      }
    }
    List<InterpolantBenchmark.Problem> parsed = problems.stream().map(this::problem).toList();
    List<Task> tasks = new ArrayList<>();
    // seed-major: a run cut short has every problem and cell at the seeds it finished
    for (long seed = 1; seed <= seeds; seed++) {
      long s = seed;
      for (InterpolantBenchmark.Problem p : parsed) {
        for (String[] pair : pairs) {
          // refusals are the same for every seed: list them once
          List<String> sink = seed == 1 ? skips : new ArrayList<>();
          tasks.add(new Task(p.name() + " " + pair[0] + " " + pair[1] + " seed " + seed,
              b -> b.interpolant(p, pair[0], pair[1], s, epsilons, sink)));
        }
        if (!noScoreSde) {
          tasks.add(new Task(p.name() + " score-sde seed " + seed, b -> b.scoreSde(p, s)));
        }
      }
    }
    // results kept in task order, so the table does not depend on which job finished first
    List<List<InterpolantBenchmark.Cell>> results = new ArrayList<>(java.util.Collections.nCopies(tasks.size(), null));
    List<String> failures = new ArrayList<>();
    Object lock = new Object();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    ThreadLocal<InterpolantBenchmark> benches = ThreadLocal.withInitial(() -> new InterpolantBenchmark(budget,
        extraKeys, log));
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      int index = i;
      Task task = tasks.get(i);
      futures.add(pool.submit(() -> {
        List<InterpolantBenchmark.Cell> cells;
        String failure = null;
        try {
          cells = task.run().apply(benches.get());
        } catch (RuntimeException e) {
          // one diverging cell is a result to report, not a reason to lose the rest of the table
          cells = List.of();
          failure = task.label() + ": " + e.getMessage();
        }
        synchronized (lock) {
          results.set(index, cells);
          if (failure != null) {
            failures.add(failure);
          }
          write(results, skips, failures, loadBefore, start);
        }
        return null;
      }));
    }
    pool.shutdown();
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("benchmark task failed: " + e.getCause(), e.getCause());
      }
    }
    String text;
    synchronized (lock) {
      text = write(results, skips, failures, loadBefore, start);
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private String[] cell(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.substring(0, slash).split(":").length != 2) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid --cells entry '" + text
          + "': expected INTERPOLANT:GAMMA/LOSS, e.g. linear:sqrt/velocity-score");
    }
    return new String[] {text.substring(0, slash), text.substring(slash + 1)};
  }

  private InterpolantBenchmark.Problem problem(String text) {
    int eq = text.indexOf('=');
    int arrow = text.indexOf("<-");
    if (eq <= 0 || arrow <= eq) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid --problems entry '" + text
          + "': expected NAME=TARGET<-RHO0, e.g. gmm-grid=gmm-grid<-normal");
    }
    return new InterpolantBenchmark.Problem(text.substring(0, eq), text.substring(eq + 1, arrow),
        text.substring(arrow + 2));
  }

  private String write(List<List<InterpolantBenchmark.Cell>> results, List<String> skips, List<String> failures,
      String loadBefore, long start) {
    List<InterpolantBenchmark.Cell> cells = results.stream().filter(java.util.Objects::nonNull)
        .flatMap(List::stream).toList();
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Budget: %d Adam steps (lr %s, cosine, EMA 0.99), batch %d, mlp %s%s; %d"
        + " samples against 2000 exact (Sinkhorn on 1000 standardised by the reference, eps 0.05; unbiased MMD^2"
        + " with the multi-scale kernel of the run metrics); floors: the same metrics of %d other exact samples;"
        + " log-likelihood at %d exact samples (ODE: exact divergence; SDE: 16 Girsanov-weighted backward paths);"
        + " %d seeds.%n", steps, lr, batch, hidden, extraKeys.isEmpty() ? "" : ", " + String.join(", ", extraKeys),
        sampleN, sampleN, likelihoodN, seeds));
    md.append(String.format(Locale.ROOT, "Machine: %d cores, load average %s at the start, %s now; %d job(s);"
        + " %.1f min so far.%n%n", Runtime.getRuntime().availableProcessors(), loadBefore, load(), jobs,
        (System.nanoTime() - start) / 6e10));
    md.append(InterpolantBenchmark.table(cells)).append('\n').append(InterpolantBenchmark.winners(cells));
    if (!skips.isEmpty()) {
      md.append("\nCombinations the method refuses (not in the table):\n\n");
      skips.stream().sorted().forEach(s -> md.append("- ").append(s).append('\n'));
    }
    if (!failures.isEmpty()) {
      md.append("\nFailed cells:\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
    }
    try {
      ControlBenchmark.write(out, md.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + out, e);
    }
    return md.toString();
  }

  private static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
