package org.example.library;

import io.driftkit.core.Driftkit;

public class FunnelWithDis {
  public static void main(String[] args) {
    var dis = Driftkit.sampler("dis").target("funnel").trainSteps(50).samples(2000).seed(1).run();
    System.out.println("funnel: log Z = " + dis.logZImportanceSampling().orElseThrow());
    System.out.println("funnel: ESS = " + dis.ess().orElseThrow());
  }
}
