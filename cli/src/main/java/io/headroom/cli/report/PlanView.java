package io.headroom.cli.report;

import io.headroom.core.capacity.CapacityPlan;
import io.headroom.core.capacity.LinearFit;
import io.headroom.core.capacity.ScenarioPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A capacity plan as the table {@code ./headroom plan} prints and as the JSON it (and the report)
 * carry.
 */
public final class PlanView {
  private PlanView() {}

  public static Map<String, Object> toMap(CapacityPlan plan) {
    List<Object> scenarios = new ArrayList<>();
    for (ScenarioPlan s : plan.scenarios()) {
      scenarios.add(
          Json.object(
              "name", s.scenario().label(),
              "description", s.scenario().description(),
              "currentLoad", s.load().current(),
              "projectedLoad", s.load().projected(),
              "lowerLoad", s.load().lower(),
              "upperLoad", s.load().upper(),
              "slopePerMonth", s.load().slopePerMonth(),
              "replicas", s.replicas(),
              "replicasLower", s.replicasLower(),
              "replicasUpper", s.replicasUpper(),
              "cpuCores", s.cpuCores(),
              "memoryGib", s.memoryGib(),
              "monthlyCost", s.monthlyCost(),
              "monthlyCostUpper", s.monthlyCostUpper(),
              "fits", plan.constrained() ? s.fits() : null,
              "exceeds", s.exceeds()));
    }
    var settings = plan.settings();
    return Json.object(
        "service", plan.service(),
        "loadUnit", "requests/s",
        "months", settings.months(),
        "from", plan.from(),
        "horizon", plan.horizon(),
        "history",
            Json.object(
                "firstDay",
                plan.firstDay(),
                "lastDay",
                plan.lastDay(),
                "usableDays",
                plan.usableDays()),
        "settings",
            Json.object(
                "growth", settings.growth().toString(),
                "targetUtilization", settings.targetUtilization(),
                "overhead", settings.overhead(),
                "cpuPerReplica", settings.cpuPerReplica(),
                "memoryPerReplicaGib", settings.memoryPerReplicaGib(),
                "pricePerReplicaHour",
                    settings.pricePerReplicaHour().isPresent()
                        ? settings.pricePerReplicaHour().getAsDouble()
                        : null,
                "monthlyBudget",
                    settings.monthlyBudget().isPresent()
                        ? settings.monthlyBudget().getAsDouble()
                        : null,
                "memoryLimitGib",
                    settings.memoryLimitGib().isPresent()
                        ? settings.memoryLimitGib().getAsDouble()
                        : null),
        "capacity",
            Json.object(
                "loadPerReplica", plan.capacity().loadPerReplica(),
                "targetUtilization", plan.capacity().targetUtilization(),
                "measured", plan.capacity().measured(),
                "fit", fit(plan.capacity().fit())),
        "resources",
            Json.object(
                "cpuCores",
                fit(plan.resources().cpuCores()),
                "memoryGib",
                fit(plan.resources().memoryGib())),
        "scenarios", scenarios,
        "largestFitting", plan.largestFitting().map(s -> s.label()).orElse(null),
        "notes", plan.notes(),
        "sizing", SizingView.toMap(plan.sizing()));
  }

  private static Map<String, Object> fit(LinearFit fit) {
    return fit == null
        ? null
        : Json.object(
            "intercept",
            fit.intercept(),
            "slope",
            fit.slope(),
            "rSquared",
            fit.rSquared(),
            "n",
            fit.n());
  }

  public static String table(CapacityPlan plan) {
    var settings = plan.settings();
    boolean cost = settings.pricePerReplicaHour().isPresent();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Capacity plan for %s, %s month%s ahead: %s -> %s%n",
            plan.service(),
            trim(settings.months()),
            settings.months() == 1 ? "" : "s",
            plan.from().toString().substring(0, 10),
            plan.horizon().toString().substring(0, 10)));
    out.append(
        String.format(
            Locale.ROOT,
            "History: %d usable days, %s .. %s. Load in requests/s; growth %s.%n%n",
            plan.usableDays(),
            plan.firstDay(),
            plan.lastDay(),
            settings.growth()));
    List<String[]> rows = new ArrayList<>();
    List<String> header =
        new ArrayList<>(
            List.of(
                "scenario",
                "load now",
                "at horizon",
                "95% interval",
                "replicas",
                "range",
                "cpu cores",
                "memory GiB"));
    if (cost) {
      header.addAll(List.of("cost/month", "cost (upper)"));
    }
    if (plan.constrained()) {
      header.add("fits");
    }
    rows.add(header.toArray(String[]::new));
    for (ScenarioPlan s : plan.scenarios()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  s.scenario().label(),
                  num(s.load().current()),
                  num(s.load().projected()),
                  num(s.load().lower()) + " .. " + num(s.load().upper()),
                  Integer.toString(s.replicas()),
                  s.replicasLower() + ".." + s.replicasUpper(),
                  Double.isNaN(s.cpuCores())
                      ? "n/a"
                      : String.format(Locale.ROOT, "%.2f", s.cpuCores()),
                  String.format(Locale.ROOT, "%.2f", s.memoryGib())));
      if (cost) {
        row.add(String.format(Locale.ROOT, "%.2f", s.monthlyCost()));
        row.add(String.format(Locale.ROOT, "%.2f", s.monthlyCostUpper()));
      }
      if (plan.constrained()) {
        row.add(s.fits() ? "yes" : "no");
      }
      rows.add(row.toArray(String[]::new));
    }
    out.append(align(rows));
    out.append(
        String.format(
            Locale.ROOT,
            "%nReplicas = ceil(load x %.2f overhead / %.3f req/s per replica at %.0f %% CPU), at least 1.%n",
            1 + settings.overhead(),
            plan.capacity().loadPerReplica(),
            100 * settings.targetUtilization()));
    for (String note : plan.notes()) {
      out.append(note).append(System.lineSeparator());
    }
    if (plan.constrained()) {
      out.append(verdict(plan)).append(System.lineSeparator());
    }
    out.append(System.lineSeparator()).append(SizingView.table(plan.sizing()));
    return out.toString();
  }

  /** One line: which scenario fits the budget and memory limit, and what the next one breaks. */
  public static String verdict(CapacityPlan plan) {
    var settings = plan.settings();
    List<String> limits = new ArrayList<>();
    settings
        .monthlyBudget()
        .ifPresent(b -> limits.add(String.format(Locale.ROOT, "budget %.2f a month", b)));
    settings
        .memoryLimitGib()
        .ifPresent(m -> limits.add(String.format(Locale.ROOT, "memory limit %.1f GiB", m)));
    String within = "Within " + String.join(" and ", limits) + ": ";
    if (plan.largestFitting().isEmpty()) {
      ScenarioPlan baseline = plan.scenarios().get(0);
      return within
          + "no scenario fits; even baseline exceeds "
          + String.join("; ", baseline.exceeds());
    }
    int index = plan.largestFitting().get().ordinal();
    String text = within + "fits up to " + plan.largestFitting().get().label();
    if (index + 1 < plan.scenarios().size()) {
      ScenarioPlan next = plan.scenarios().get(index + 1);
      text += "; " + next.scenario().label() + " exceeds " + String.join("; ", next.exceeds());
    }
    return text;
  }

  static String num(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
  }

  static String align(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        // First column (names) left-aligned, numbers right-aligned.
        line.append(
            i == 0
                ? String.format("%-" + widths[i] + "s", cell)
                : String.format("%" + widths[i] + "s", cell));
        line.append(i < row.length - 1 ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
