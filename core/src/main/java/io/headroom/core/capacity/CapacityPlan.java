package io.headroom.core.capacity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A capacity plan for one service: the scenarios at the horizon, the models behind them and what
 * fits the constraints.
 *
 * @param firstDay first usable day of history
 * @param lastDay last usable day of history
 * @param from where the projection starts: midday of the last usable day
 * @param horizon {@code from} plus the planned months
 * @param resources CPU and memory lines (either may be null)
 * @param scenarios baseline, p95, peak, peak+20 %, in that order
 * @param largestFitting the most demanding scenario that fits the budget and memory limit; empty
 *     when none fits or no constraint was given
 * @param notes what the reader should know: trend, model quality, fallbacks
 * @param sizing recommended requests and limits per container, from the same windows
 */
public record CapacityPlan(
    String service,
    LocalDate firstDay,
    LocalDate lastDay,
    int usableDays,
    Instant from,
    Instant horizon,
    PlanSettings settings,
    ReplicaCapacity capacity,
    ResourceModel resources,
    List<ScenarioPlan> scenarios,
    Optional<Scenario> largestFitting,
    List<String> notes,
    ContainerSizing sizing) {

  public CapacityPlan {
    scenarios = List.copyOf(scenarios);
    notes = List.copyOf(notes);
  }

  public boolean constrained() {
    return settings.monthlyBudget().isPresent() || settings.memoryLimitGib().isPresent();
  }

  public ScenarioPlan scenario(Scenario which) {
    return scenarios.stream().filter(s -> s.scenario() == which).findFirst().orElseThrow();
  }
}
