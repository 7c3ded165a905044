package io.headroom.core.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a setting of the predictive policy the way the project chooses every default: leave one
 * trace out. For each trace, the candidate values are ranked on the other traces only, and the
 * winner's result on the held-out trace is what the choice is worth on traffic it never saw.
 *
 * <p>Ranking: first the number of traces meeting the goal (predictive tau_U at most half the
 * reference HPA's at no more than 105 % of its replica-hours), then the sum over traces of {@code
 * log((tau_U + ε) / (frontier tau_U at the same replica-hours + ε))}, lower is better: how far
 * below what lowering the HPA's target buys, at equal cost (ε = 0.001 %).
 */
public final class LeaveOneOut {
  static final double EPSILON = 1e-3;

  private LeaveOneOut() {}

  /**
   * @param value the held-out trace's chosen value
   * @param held the held-out trace's result at that value
   */
  public record Choice(String trace, double value, TraceEvaluation held) {}

  /** The outcome: the value chosen on all traces and, per trace, the value chosen without it. */
  public record Result(double chosenOnAll, List<Choice> heldOut) {
    public long heldOutMet() {
      return heldOut.stream().filter(c -> meetsGoal(c.held())).count();
    }
  }

  /**
   * @param runs the suite's results per candidate value, the same traces in the same order for each
   */
  public static Result choose(Map<Double, List<TraceEvaluation>> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("runs: need at least one candidate value");
    }
    List<String> traces =
        runs.values().iterator().next().stream().map(TraceEvaluation::name).toList();
    List<Choice> heldOut = new ArrayList<>();
    for (String trace : traces) {
      double value = best(runs, trace);
      heldOut.add(new Choice(trace, value, find(runs.get(value), trace)));
    }
    return new Result(best(runs, null), heldOut);
  }

  public static boolean meetsGoal(TraceEvaluation r) {
    return r.reference().tauU() > 0 && r.tauURatio() <= 0.5 && r.replicaHoursRatio() <= 1.05;
  }

  /** log of tau_U over the frontier's at the same cost; negative is better than any HPA target. */
  public static double frontierLogRatio(TraceEvaluation r) {
    return Math.log(
        (r.predictive().tauU() + EPSILON)
            / (r.frontier().tauUAt(r.predictive().replicaHours()) + EPSILON));
  }

  private static double best(Map<Double, List<TraceEvaluation>> runs, String excluded) {
    double chosen = Double.NaN;
    long bestMet = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (Map.Entry<Double, List<TraceEvaluation>> entry : new LinkedHashMap<>(runs).entrySet()) {
      long met = 0;
      double score = 0;
      for (TraceEvaluation r : entry.getValue()) {
        if (r.name().equals(excluded)) {
          continue;
        }
        met += meetsGoal(r) ? 1 : 0;
        score += frontierLogRatio(r);
      }
      if (met > bestMet || (met == bestMet && score < bestScore)) {
        chosen = entry.getKey();
        bestMet = met;
        bestScore = score;
      }
    }
    return chosen;
  }

  private static TraceEvaluation find(List<TraceEvaluation> results, String trace) {
    return results.stream()
        .filter(r -> r.name().equals(trace))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "runs: trace " + trace + " missing from a candidate's results"));
  }
}
