package io.driftkit.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code driftkit bench interpolants}: interpolant x gamma x loss x eps on three bridges, score-sde beside. */
@Command(name = "interpolants", description = "Train stochastic interpolants (interpolant:gamma x loss) on gmm-grid"
    + " and checkerboard from N(0, I) and on circles -> checkerboard, sample each at every eps, and write a Markdown"
    + " table of Sinkhorn, MMD^2, log-likelihood (with the exact value), NFE and train seconds, with score-sde on the"
    + " same targets and budget.")
final class BenchInterpolantsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--problems", split = ",", description = "NAME=TARGET<-RHO0 (default: ${DEFAULT-VALUE})")
  List<String> problems = List.of("gmm-grid=gmm-grid<-normal", "checkerboard=checkerboard<-normal",
      "circles-to-checkerboard=checkerboard<-circles");

  @Option(names = "--interpolants", split = ",", description = "interpolant:gamma (default: ${DEFAULT-VALUE})")
  List<String> interpolants = List.of("linear:sqrt", "trigonometric:sqrt", "one-sided:zero");

  @Option(names = "--losses", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<String> losses = List.of("velocity", "velocity-score");

  @Option(names = "--epsilons", split = ",", description = "default: ${DEFAULT-VALUE}")
  List<Double> epsilons = List.of(0.0, 0.5);

  @Option(names = "--seeds", description = "seeds per cell (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(names = "--steps", description = "Adam steps per training (default: ${DEFAULT-VALUE})")
  int steps = 800;

  @Option(names = "--batch", description = "default: ${DEFAULT-VALUE}")
  int batch = 256;

  @Option(names = "--lr", description = "peak learning rate, cosine schedule (default: ${DEFAULT-VALUE})")
  double lr = 3e-3;

  @Option(names = "--hidden", description = "mlp widths (default: ${DEFAULT-VALUE})")
  String hidden = "64,64";

  @Option(names = "--sample-n", description = "samples per cell (default: ${DEFAULT-VALUE})")
  int sampleN = 2000;

  @Option(names = "--likelihood-n", description = "held-out points of the likelihood, 0 skips it"
      + " (default: ${DEFAULT-VALUE})")
  int likelihoodN = 200;

  @Option(names = "--no-score-sde", description = "leave score-sde out")
  boolean noScoreSde;

  @Option(names = "--out", description = "Markdown file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("bench-interpolants.md");

  @Override
  public Integer call() throws IOException {
    var log = spec.commandLine().getErr();
    long start = System.nanoTime();
    String loadBefore = load();
    InterpolantBenchmark bench = new InterpolantBenchmark(new InterpolantBenchmark.Budget(steps, batch, lr, hidden,
        sampleN, 2000, 1000, likelihoodN, 16), log);
    List<InterpolantBenchmark.Cell> cells = new ArrayList<>();
    List<String> skips = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (String text : problems) {
      InterpolantBenchmark.Problem p = problem(text);
      for (long seed = 1; seed <= seeds; seed++) {
        for (String ip : interpolants) {
          for (String loss : losses) {
            // one diverging cell is a result to report, not a reason to lose the rest of the table
            try {
              cells.addAll(bench.interpolant(p, ip, loss, seed, epsilons, seed == 1 ? skips : new ArrayList<>()));
            } catch (RuntimeException e) {
              failures.add(p.name() + " " + ip + " " + loss + " seed " + seed + ": " + e.getMessage());
            }
            write(cells, skips, failures, loadBefore, start);
          }
        }
        if (!noScoreSde) {
          try {
            cells.addAll(bench.scoreSde(p, seed));
          } catch (RuntimeException e) {
            failures.add(p.name() + " score-sde seed " + seed + ": " + e.getMessage());
          }
          write(cells, skips, failures, loadBefore, start);
        }
      }
    }
    String text = write(cells, skips, failures, loadBefore, start);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
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

  private String write(List<InterpolantBenchmark.Cell> cells, List<String> skips, List<String> failures,
      String loadBefore, long start) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Budget: %d Adam steps (lr %s, cosine, EMA 0.99), batch %d, mlp %s; %d"
        + " samples (Sinkhorn on 1000 standardised, eps 0.05; unbiased MMD^2, median bandwidth, on 2000) against"
        + " 2000 exact; log-likelihood at %d exact samples (ODE: exact divergence; SDE: 16 Girsanov-weighted"
        + " backward paths); %d seeds.%n",
        steps, lr, batch, hidden, sampleN, likelihoodN, seeds));
    md.append(String.format(Locale.ROOT, "Machine: %d cores, load average %s at the start, %s now; %.1f min so"
        + " far.%n%n", Runtime.getRuntime().availableProcessors(), loadBefore, load(),
        (System.nanoTime() - start) / 6e10));
    md.append(InterpolantBenchmark.table(cells)).append('\n').append(InterpolantBenchmark.winners(cells));
    if (!skips.isEmpty()) {
      md.append("\nCombinations the method refuses (not in the table):\n\n");
      skips.forEach(s -> md.append("- ").append(s).append('\n'));
    }
    if (!failures.isEmpty()) {
      md.append("\nFailed cells:\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
    }
    ControlBenchmark.write(out, md.toString());
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
