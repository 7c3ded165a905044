package io.headroom.core.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-metric replica proposals, restating upstream's {@code replica_calculator.go}: usage ratio,
 * tolerance, missing and unready pods, and the Object/External variants.
 *
 * <p>Arithmetic follows upstream's integer milli-units so that rounding edges agree: a utilization
 * is {@code floor(100 × Σusage / Σrequests)} in whole percent, an average value is truncated to
 * thousandths, and proposals are {@code ceil(ratio × pods)} in double precision.
 */
final class ReplicaCalculator {
  private final EngineSettings settings;

  ReplicaCalculator(EngineSettings settings) {
    this.settings = settings;
  }

  /** The outcome for one metric. */
  enum Outcome {
    /**
     * The metric asks for {@code replicas} (which may still equal the current count after
     * rounding).
     */
    CHANGE,
    /**
     * Within tolerance, or the adjusted ratio changed direction: the metric asks for the current
     * count.
     */
    NO_CHANGE,
    /** The metric could not be computed; {@code problem} says why. */
    INVALID
  }

  static final String WITHIN_TOLERANCE = "within tolerance";
  static final String DIRECTION_FLIPS = "no change once missing or unready pods are counted";

  /**
   * @param problem why the metric is invalid, or for NO_CHANGE which rule held it
   * @param value current value in the target's unit (percent for Utilization, per pod for
   *     AverageValue)
   * @param target the target in the same unit
   */
  record Proposal(
      MetricSpec metric,
      Outcome outcome,
      int replicas,
      double value,
      double target,
      String problem) {
    static Proposal invalid(MetricSpec metric, String problem) {
      return new Proposal(
          metric, Outcome.INVALID, -1, Double.NaN, metric.target().value(), problem);
    }

    boolean valid() {
      return outcome != Outcome.INVALID;
    }
  }

  Proposal propose(MetricSpec metric, Observation observation, Tolerances tolerances, Instant now) {
    return metric.perPod()
        ? podMetric(metric, observation, tolerances, now)
        : objectMetric(metric, observation, tolerances);
  }

  // ---- pod metrics ------------------------------------------------------------------------------

  /** Milli-unit sums over the groups upstream's groupPods forms (ignored pods appear nowhere). */
  static final class PodGroups {
    long readyUsage;
    long readyRequests;
    int ready;
    long missingRequests;
    long missingFallbackUsage;
    int missing;
    long unreadyRequests;
    int unready;
  }

  private Proposal podMetric(
      MetricSpec metric, Observation observation, Tolerances tolerances, Instant now) {
    boolean utilization = metric.target().type() == MetricTarget.Type.Utilization;
    double target = metric.target().value();
    PodGroups groups = new PodGroups();
    if (observation instanceof Observation.PerPod perPod) {
      if (perPod.pods().isEmpty()) {
        return Proposal.invalid(metric, "no pods to read " + metric.key() + " from");
      }
      groupPods(metric, perPod, now, groups);
    } else {
      Observation.Aggregate aggregate = (Observation.Aggregate) observation;
      Double average = aggregate.podAverages().get(metric.key());
      if (average == null || !Double.isFinite(average)) {
        return Proposal.invalid(metric, "no value for " + metric.key());
      }
      groups.ready = aggregate.readyPods();
      groups.readyUsage = milli(average) * aggregate.readyPods();
      groups.readyRequests = milli(100) * aggregate.readyPods();
      groups.unready = aggregate.currentReplicas() - aggregate.readyPods();
      groups.unreadyRequests = milli(100) * groups.unready;
    }
    if (groups.ready == 0) {
      return Proposal.invalid(
          metric, "no ready pod reported " + metric.key() + " (pods might be unready)");
    }

    long targetMilli = milli(target);
    double usageRatio;
    double value;
    if (utilization) {
      int current = utilizationPercent(groups.readyUsage, groups.readyRequests);
      usageRatio = (double) current / (int) target;
      value = current;
    } else {
      long average = groups.readyUsage / groups.ready;
      usageRatio = (double) average / targetMilli;
      value = average / 1000.0;
    }
    int currentReplicas = observation.currentReplicas();

    boolean scaleUpWithUnready = groups.unready > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && groups.missing == 0) {
      if (tolerances.within(usageRatio)) {
        return new Proposal(
            metric, Outcome.NO_CHANGE, currentReplicas, value, target, WITHIN_TOLERANCE);
      }
      return new Proposal(
          metric, Outcome.CHANGE, (int) Math.ceil(usageRatio * groups.ready), value, target, null);
    }

    // Re-run with conservative stand-ins: missing pods at the fallback on a scale-down and at 0 on
    // a
    // scale-up; unready pods at 0 on a scale-up. At a ratio of exactly 1 missing pods stay out.
    long usage = groups.readyUsage;
    long requests = groups.readyRequests;
    int counted = groups.ready;
    if (groups.missing > 0 && usageRatio != 1.0) {
      if (usageRatio < 1.0) {
        usage += utilization ? groups.missingFallbackUsage : targetMilli * groups.missing;
      }
      requests += groups.missingRequests;
      counted += groups.missing;
    }
    if (scaleUpWithUnready) {
      requests += groups.unreadyRequests;
      counted += groups.unready;
    }
    double newUsageRatio =
        utilization
            ? (double) utilizationPercent(usage, requests) / (int) target
            : (double) (usage / counted) / targetMilli;

    if (tolerances.within(newUsageRatio)) {
      return new Proposal(
          metric, Outcome.NO_CHANGE, currentReplicas, value, target, WITHIN_TOLERANCE);
    }
    if ((usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
      return new Proposal(
          metric, Outcome.NO_CHANGE, currentReplicas, value, target, DIRECTION_FLIPS);
    }
    int newReplicas = (int) Math.ceil(newUsageRatio * counted);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
        || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      // Counting the set-aside pods would flip the direction of the change: hold.
      return new Proposal(
          metric, Outcome.NO_CHANGE, currentReplicas, value, target, DIRECTION_FLIPS);
    }
    return new Proposal(metric, Outcome.CHANGE, newReplicas, value, target, null);
  }

  /**
   * Upstream's groupPods: which pods count as ready, unready (set aside) or missing for {@code
   * metric}.
   */
  PodGroups groupPods(MetricSpec metric, Observation.PerPod observation, Instant now) {
    PodGroups groups = new PodGroups();
    groupPods(metric, observation, now, groups);
    return groups;
  }

  private void groupPods(
      MetricSpec metric, Observation.PerPod observation, Instant now, PodGroups groups) {
    boolean cpu = isCpu(metric);
    double target = metric.target().value();
    for (PodSample pod : observation.pods()) {
      if (pod.deleting() || pod.phase() == PodSample.Phase.Failed) {
        continue; // ignored altogether
      }
      long request = milli(pod.requests().getOrDefault(metric.key(), 100.0));
      if (pod.phase() == PodSample.Phase.Pending) {
        groups.unready++;
        groups.unreadyRequests += request;
        continue;
      }
      Double value = pod.metrics().get(metric.key());
      if (value == null || !Double.isFinite(value)) {
        groups.missing++;
        groups.missingRequests += request;
        // On a scale-down a missing pod counts as using all of its request, or the target when that
        // is above 100 % (upstream's fallback), per pod in integer milli-units.
        groups.missingFallbackUsage += request * Math.max(100, (long) target) / 100;
        continue;
      }
      if (cpu && unreadyForCpu(pod, now)) {
        groups.unready++;
        groups.unreadyRequests += request;
        continue;
      }
      groups.ready++;
      groups.readyUsage += milli(value);
      groups.readyRequests += request;
    }
  }

  /**
   * Upstream's CPU readiness rule. Within the initialization period a sample counts only if the pod
   * is ready and the sample was taken a full metric window after it became ready (the window must
   * not include start-up CPU); after it, an unready pod is set aside only if it has never been
   * ready (its readiness last changed within the initial readiness delay of its start).
   */
  private boolean unreadyForCpu(PodSample pod, Instant now) {
    if (pod.ready() == null || pod.startTime() == null) {
      return true;
    }
    Instant transition =
        pod.readyTransitionTime() == null ? pod.startTime() : pod.readyTransitionTime();
    if (pod.startTime().plus(settings.cpuInitializationPeriod()).isAfter(now)) {
      Instant sampleTime = pod.sampleTime() == null ? now : pod.sampleTime();
      Duration window = pod.sampleWindow() == null ? Duration.ZERO : pod.sampleWindow();
      return !pod.ready() || sampleTime.isBefore(transition.plus(window));
    }
    return !pod.ready()
        && pod.startTime().plus(settings.initialReadinessDelay()).isAfter(transition);
  }

  private static boolean isCpu(MetricSpec metric) {
    if (metric instanceof MetricSpec.Resource resource) {
      return resource.name().equals("cpu");
    }
    return metric instanceof MetricSpec.ContainerResource resource && resource.name().equals("cpu");
  }

  // ---- object and external metrics
  // ---------------------------------------------------------------

  private Proposal objectMetric(MetricSpec metric, Observation observation, Tolerances tolerances) {
    Double value = observation.objectMetrics().get(metric.key());
    if (value == null || !Double.isFinite(value)) {
      return Proposal.invalid(
          metric, "no value for " + metric.typeName() + " metric " + metric.key());
    }
    double target = metric.target().value();
    int currentReplicas = observation.currentReplicas();
    long usage = milli(value);
    long targetMilli = milli(target);
    if (metric.target().type() == MetricTarget.Type.AverageValue) {
      // Divided by the current replica count, all pods alike (upstream's *PerPod variants).
      double usageRatio = (double) usage / ((double) targetMilli * currentReplicas);
      double perPod = currentReplicas == 0 ? value : value / currentReplicas;
      if (tolerances.within(usageRatio)) {
        return new Proposal(
            metric, Outcome.NO_CHANGE, currentReplicas, perPod, target, WITHIN_TOLERANCE);
      }
      return new Proposal(
          metric,
          Outcome.CHANGE,
          saturatedCeil((double) usage / targetMilli),
          perPod,
          target,
          null);
    }
    double usageRatio = (double) usage / targetMilli;
    if (currentReplicas == 0) {
      // Scale from zero: the ratio alone (upstream ignores tolerance and ready pods here).
      return new Proposal(metric, Outcome.CHANGE, saturatedCeil(usageRatio), value, target, null);
    }
    if (tolerances.within(usageRatio)) {
      return new Proposal(
          metric, Outcome.NO_CHANGE, currentReplicas, value, target, WITHIN_TOLERANCE);
    }
    int readyPods;
    if (observation instanceof Observation.PerPod perPod) {
      if (perPod.pods().isEmpty()) {
        return Proposal.invalid(metric, "no pods to count as ready");
      }
      readyPods = (int) perPod.pods().stream().filter(PodSample::runningAndReady).count();
    } else {
      readyPods = ((Observation.Aggregate) observation).readyPods();
    }
    return new Proposal(
        metric, Outcome.CHANGE, saturatedCeil(usageRatio * readyPods), value, target, null);
  }

  // ---- arithmetic
  // --------------------------------------------------------------------------------

  private static long milli(double value) {
    return Math.round(value * 1000.0);
  }

  private static int utilizationPercent(long usageMilli, long requestsMilli) {
    return (int) (usageMilli * 100 / requestsMilli);
  }

  private static int saturatedCeil(double value) {
    double ceil = Math.ceil(value);
    return ceil >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ceil;
  }
}
