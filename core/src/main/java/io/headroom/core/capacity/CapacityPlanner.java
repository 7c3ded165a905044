package io.headroom.core.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a service's history into a capacity plan, as pure functions of the history and the settings
 * (no clock: the plan starts where the history ends).
 *
 * <ol>
 *   <li>Project the daily mean of the per-minute load (an average day of the week) and its daily
 *       p95 and peak (on the busiest weekday) to the horizon ({@link GrowthProjector}); peak+20 %
 *       is the projected peak × 1.2.
 *   <li>Replicas = ⌈load × (1 + overhead) / load per replica at the target utilization⌉, at least 1
 *       ({@link ReplicaCapacity}); the range comes from the load's 95 % interval.
 *   <li>CPU and memory from the linear resource model ({@link ResourceModel}) × (1 + overhead).
 *   <li>Monthly cost = replicas × price per replica-hour × {@value #HOURS_PER_MONTH} h; a scenario
 *       fits when its cost is within the budget and its memory within the memory limit.
 *   <li>Requests and limits per container from the per-replica CPU and memory history ({@link
 *       ContainerSizing}, the VPA recommender's rules).
 * </ol>
 */
public final class CapacityPlanner {
  /** Extra load on top of the projected peak in the safest scenario. */
  public static final double PEAK_HEADROOM = 0.2;

  /** Hours in an average month (8760 / 12), as cloud price sheets count them. */
  public static final double HOURS_PER_MONTH = 730;

  private static final GrowthProjector.DayLevel AVERAGE = GrowthProjector.DayLevel.AVERAGE_DAY;
  private static final GrowthProjector.DayLevel BUSIEST = GrowthProjector.DayLevel.BUSIEST_WEEKDAY;

  private CapacityPlanner() {}

  public static CapacityPlan plan(CapacityHistory history, PlanSettings settings) {
    String service = history.service();
    if (history.days().isEmpty()) {
      throw new IllegalArgumentException(
          "service '" + service + "': no load history (no per-minute 'requests' windows)");
    }
    List<DailyLoad> usable = GrowthProjector.usableDays(history.days());
    ReplicaCapacity capacity;
    LoadProjection mean;
    LoadProjection p95;
    LoadProjection peak;
    try {
      GrowthProjector.requireEnoughHistory(usable, history.days().size(), settings.growth());
      capacity =
          settings.capacityPerReplica().isPresent()
              ? ReplicaCapacity.given(
                  settings.capacityPerReplica().getAsDouble(), settings.targetUtilization())
              : ReplicaCapacity.measure(history.samples(), settings.targetUtilization());
      mean =
          GrowthProjector.project(
              usable, DailyLoad::mean, settings.growth(), settings.months(), AVERAGE);
      p95 =
          GrowthProjector.project(
              usable, DailyLoad::p95, settings.growth(), settings.months(), BUSIEST);
      peak =
          GrowthProjector.project(
              usable, DailyLoad::peak, settings.growth(), settings.months(), BUSIEST);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("service '" + service + "': " + e.getMessage(), e);
    }
    ResourceModel resources =
        ResourceModel.fit(
            history.samples(), settings.cpuPerReplica(), settings.memoryPerReplicaGib());
    List<ScenarioPlan> scenarios =
        List.of(
            scenario(Scenario.BASELINE, mean, capacity, resources, settings),
            scenario(Scenario.P95, p95, capacity, resources, settings),
            scenario(Scenario.PEAK, peak, capacity, resources, settings),
            scenario(
                Scenario.PEAK_HEADROOM,
                peak.times(1 + PEAK_HEADROOM),
                capacity,
                resources,
                settings));

    Optional<Scenario> largestFitting = Optional.empty();
    if (settings.monthlyBudget().isPresent() || settings.memoryLimitGib().isPresent()) {
      for (ScenarioPlan s : scenarios) {
        if (s.fits()) {
          largestFitting = Optional.of(s.scenario());
        }
      }
    }
    var from = GrowthProjector.lastDayMidpoint(usable);
    return new CapacityPlan(
        service,
        usable.get(0).day(),
        usable.get(usable.size() - 1).day(),
        usable.size(),
        from,
        GrowthProjector.horizon(from, settings.months()),
        settings,
        capacity,
        resources,
        scenarios,
        largestFitting,
        notes(settings, mean, capacity, resources, history.samples().size()),
        ContainerSizing.recommend(
            history.samples(),
            // The plan is given one size per replica, the unit of both percentages: the current
            // request and limit alike.
            ContainerResources.requestsEqualLimits(
                settings.cpuPerReplica(), settings.memoryPerReplicaGib()),
            SizingRules.vpaDefaults()));
  }

  static ScenarioPlan scenario(
      Scenario which,
      LoadProjection load,
      ReplicaCapacity capacity,
      ResourceModel resources,
      PlanSettings settings) {
    double factor = 1 + settings.overhead();
    int replicas = replicas(load.projected(), capacity, factor);
    int lower = replicas(load.lower(), capacity, factor);
    int upper = replicas(load.upper(), capacity, factor);
    double cpu =
        resources.cpuCores() == null
            ? Double.NaN
            : Math.max(0, resources.cpuCores().at(load.projected())) * factor;
    double memory =
        resources.memoryGib() == null
            ? replicas * settings.memoryPerReplicaGib()
            : Math.max(0, resources.memoryGib().at(load.projected())) * factor;
    double price = settings.pricePerReplicaHour().orElse(Double.NaN);
    double cost = replicas * price * HOURS_PER_MONTH;
    double costUpper = upper * price * HOURS_PER_MONTH;
    List<String> exceeds = new ArrayList<>();
    settings
        .monthlyBudget()
        .ifPresent(
            budget -> {
              if (cost > budget) {
                exceeds.add(
                    String.format(Locale.ROOT, "budget: %.2f > %.2f a month", cost, budget));
              }
            });
    settings
        .memoryLimitGib()
        .ifPresent(
            limit -> {
              if (memory > limit) {
                exceeds.add(
                    String.format(Locale.ROOT, "memory limit: %.1f GiB > %.1f GiB", memory, limit));
              }
            });
    return new ScenarioPlan(
        which, load, replicas, lower, upper, cpu, memory, cost, costUpper, exceeds);
  }

  /**
   * Replicas for a load, rounded up (a fraction of a replica still needs a whole one), at least 1.
   */
  static int replicas(double load, ReplicaCapacity capacity, double overheadFactor) {
    double exact = load * overheadFactor / capacity.loadPerReplica();
    // A hair of floating-point noise above a whole number must not cost a replica.
    return (int) Math.max(1, Math.ceil(exact - 1e-9));
  }

  private static List<String> notes(
      PlanSettings settings,
      LoadProjection mean,
      ReplicaCapacity capacity,
      ResourceModel resources,
      int samples) {
    List<String> notes = new ArrayList<>();
    if (settings.growth() instanceof GrowthAssumption.LinearTrend) {
      notes.add(
          String.format(
              Locale.ROOT,
              "growth: linear trend with weekday effects, daily mean %+.3f req/s per month (%+.1f %% over %s months),"
                  + " 95 %% prediction intervals; p95 and peak are for the busiest weekday",
              mean.slopePerMonth(),
              100 * mean.growth(),
              trim(settings.months())));
    } else {
      notes.add(
          "growth: "
              + settings.growth()
              + " a month compounded from the last "
              + GrowthProjector.RECENT_DAYS
              + " usable days (their mean for the baseline, their highest day for p95 and peak); a given rate has no interval");
    }
    if (capacity.measured()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "capacity: %.3f req/s per replica at %.0f %% CPU, measured (cpu%% = %.2f + %.3f × req/s per replica, R² %.3f, %d windows)",
              capacity.loadPerReplica(),
              100 * capacity.targetUtilization(),
              capacity.fit().intercept(),
              capacity.fit().slope(),
              capacity.fit().rSquared(),
              capacity.fit().n()));
    } else {
      notes.add(
          String.format(
              Locale.ROOT,
              "capacity: %.3f req/s per replica at %.0f %% CPU, given",
              capacity.loadPerReplica(),
              100 * capacity.targetUtilization()));
    }
    notes.add(fitNote("cpu", "cores", resources.cpuCores(), samples));
    notes.add(
        resources.memoryGib() == null
            ? "memory: no memory_percent history; memory shown is provisioned (replicas × memory per replica)"
            : fitNote("memory", "GiB", resources.memoryGib(), samples));
    return notes;
  }

  private static String fitNote(String resource, String unit, LinearFit fit, int samples) {
    if (fit == null) {
      return resource
          + ": too few windows with "
          + resource
          + " and replicas ("
          + samples
          + ", "
          + ReplicaCapacity.MIN_SAMPLES
          + " needed); no "
          + resource
          + " model";
    }
    String note =
        String.format(
            Locale.ROOT,
            "%s: %s = %.3f + %.4f × req/s, R² %.3f over %d windows",
            resource,
            unit,
            fit.intercept(),
            fit.slope(),
            fit.rSquared(),
            fit.n());
    return fit.rSquared() < ReplicaCapacity.MIN_R_SQUARED
        ? note + " (weak fit: treat the " + resource + " figures as rough)"
        : note;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
