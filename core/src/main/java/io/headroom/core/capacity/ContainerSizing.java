package io.headroom.core.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Vertical sizing: recommended requests and limits for one replica's container from its per-replica
 * CPU and memory history, by the Kubernetes VPA recommender's rules ({@link SizingRules}).
 *
 * <ul>
 *   <li>target = p90 of CPU usage (cores) / of memory peaks (GiB, the highest window of each 24 h),
 *       × 1.15 safety margin, at least 25 millicores / 250 MiB;
 *   <li>lower bound = p50 × 1.15 × (1 + 0.001/c)^-2 and upper bound = p95 × 1.15 × (1 + 1/c), with
 *       c the confidence: history length in days (or the windows' count at one a minute, if
 *       smaller), so bounds are wide on a short history and settle within a week;
 *   <li>limit = target × the current limit/request ratio, as the VPA's admission controller keeps
 *       it; no limit when there is none now;
 *   <li>samples weigh half as much per 24 h of age, and a window weighs its replica count (the VPA
 *       takes one sample per container; a window here is the mean of its replicas).
 * </ul>
 *
 * Not followed: OOM bump-ups (no OOM events in the history), per-container peaks (only the mean per
 * replica is kept, so a replica hotter than the mean is not seen), histogram bucket rounding, and
 * the VPA's min/max policy caps.
 */
public record ContainerSizing(
    ResourceRecommendation cpu, ResourceRecommendation memory, SizingRules rules) {

  public static ContainerSizing recommend(
      List<ResourceSample> samples, ContainerResources current, SizingRules rules) {
    return new ContainerSizing(
        recommendCpu(samples, current, rules), recommendMemory(samples, current, rules), rules);
  }

  private static ResourceRecommendation recommendCpu(
      List<ResourceSample> samples, ContainerResources current, SizingRules rules) {
    List<ResourceSample> windows = usable(samples, ResourceSample::cpuPercent);
    if (windows.size() < rules.minWindows()) {
      return tooFew(
          "cpu", "cores", current.cpuRequestCores(), current.cpuLimitCores(), windows, rules);
    }
    DecayingDistribution usage = new DecayingDistribution(rules.halfLife());
    for (ResourceSample s : windows) {
      usage.add(s.cpuPercent() / 100 * current.cpuRequestCores(), s.replicas(), s.time());
    }
    return estimate(
        "cpu",
        "cores",
        current.cpuRequestCores(),
        current.cpuLimitCores(),
        windows,
        windows.size(),
        usage,
        rules.minCpuCores(),
        rules);
  }

  private static ResourceRecommendation recommendMemory(
      List<ResourceSample> samples, ContainerResources current, SizingRules rules) {
    List<ResourceSample> windows = usable(samples, ResourceSample::memoryPercent);
    if (windows.size() < rules.minWindows()) {
      return tooFew(
          "memory", "GiB", current.memoryRequestGib(), current.memoryLimitGib(), windows, rules);
    }
    // The VPA sizes memory on peaks, not on every sample: a request at the p90 of all samples
    // would be exceeded for part of most days, and memory, unlike CPU, cannot be throttled.
    Instant first = windows.get(0).time();
    Map<Long, ResourceSample> peaks = new TreeMap<>();
    for (ResourceSample s : windows) {
      long interval =
          Duration.between(first, s.time()).toMillis() / rules.memoryPeakInterval().toMillis();
      peaks.merge(interval, s, (a, b) -> b.memoryPercent() > a.memoryPercent() ? b : a);
    }
    DecayingDistribution distribution = new DecayingDistribution(rules.halfLife());
    for (ResourceSample peak : peaks.values()) {
      distribution.add(
          peak.memoryPercent() / 100 * current.memoryLimitGib(), peak.replicas(), peak.time());
    }
    return estimate(
        "memory",
        "GiB",
        current.memoryRequestGib(),
        current.memoryLimitGib(),
        windows,
        peaks.size(),
        distribution,
        rules.minMemoryGib(),
        rules);
  }

  private static List<ResourceSample> usable(
      List<ResourceSample> samples, ToDoubleFunction<ResourceSample> percent) {
    return samples.stream()
        .filter(
            s ->
                s.time() != null
                    && s.replicas() > 0
                    && Double.isFinite(s.replicas())
                    && Double.isFinite(percent.applyAsDouble(s))
                    && percent.applyAsDouble(s) >= 0)
        .sorted(Comparator.comparing(ResourceSample::time))
        .toList();
  }

  private static ResourceRecommendation tooFew(
      String resource,
      String unit,
      double request,
      double limit,
      List<ResourceSample> windows,
      SizingRules rules) {
    String column = resource + "_percent";
    String reason =
        windows.isEmpty()
            ? "no " + column + " history"
            : windows.size() + " windows with " + column + ", " + rules.minWindows() + " needed";
    return ResourceRecommendation.missing(resource, unit, request, limit, windows.size(), reason);
  }

  private static ResourceRecommendation estimate(
      String resource,
      String unit,
      double request,
      double limit,
      List<ResourceSample> windows,
      int samples,
      DecayingDistribution distribution,
      double minimum,
      SizingRules rules) {
    double confidence = confidence(windows, rules.confidenceInterval());
    double margin = 1 + rules.safetyMargin();
    double target = distribution.percentile(rules.targetPercentile()) * margin;
    // The VPA's multipliers: the upper bound is ×(1 + 1/c), ×2 after a day, ×1.14 after a week;
    // the lower bound ×(1 + 0.001/c)^-2, ×0.95 after an hour. Short histories get wide bounds, so
    // a request is only called wrong when it is far off.
    double lower =
        distribution.percentile(rules.lowerBoundPercentile())
            * margin
            * Math.pow(1 + 0.001 / confidence, -2);
    double upper =
        distribution.percentile(rules.upperBoundPercentile()) * margin * (1 + 1 / confidence);
    target = Math.max(target, minimum);
    return new ResourceRecommendation(
        resource,
        unit,
        request,
        limit,
        windows.size(),
        samples,
        confidence,
        Math.max(lower, minimum),
        target,
        Math.max(upper, minimum),
        proportionalLimit(target, request, limit),
        null);
  }

  /** The VPA's confidence: the history's span, or its windows at one a minute if fewer. */
  static double confidence(List<ResourceSample> sortedWindows, Duration interval) {
    Duration span =
        Duration.between(
            sortedWindows.get(0).time(), sortedWindows.get(sortedWindows.size() - 1).time());
    double lifespan = (double) span.toMillis() / interval.toMillis();
    double amount = (double) sortedWindows.size() / interval.toMinutes();
    return Math.min(lifespan, amount);
  }

  private static double proportionalLimit(double target, double request, double limit) {
    if (!(limit > 0)) {
      return Double.NaN;
    }
    return target * (limit / request);
  }
}
