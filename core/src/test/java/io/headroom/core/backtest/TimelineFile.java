package io.headroom.core.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a backtest timeline and recomputes the autoscaling metrics from it, written from the
 * definitions in evaluation.md, independently of {@link ElasticityMetrics}.
 */
final class TimelineFile {
  record Row(Instant time, Double demand, int desired, int ready, String reason) {}

  record Metrics(
      double thetaU,
      double thetaO,
      double tauU,
      double tauO,
      double overflow,
      double requests,
      double replicaHours,
      long actions,
      long reversals,
      long steps,
      long demandSteps) {}

  private TimelineFile() {}

  static List<Row> parse(String csv) {
    String[] lines = csv.split("\n");
    if (!lines[0].equals("timestamp,demand,desired_replicas,ready_replicas,reason")) {
      throw new AssertionError("unexpected header: " + lines[0]);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      String[] head = line.split(",", 5);
      String reason = head[4];
      if (!reason.startsWith("\"") || !reason.endsWith("\"")) {
        throw new AssertionError("reason not quoted on line " + (i + 1) + ": " + line);
      }
      reason = reason.substring(1, reason.length() - 1).replace("\"\"", "\"");
      rows.add(
          new Row(
              Instant.parse(head[0]),
              head[1].isEmpty() ? null : Double.valueOf(head[1]),
              Integer.parseInt(head[2]),
              Integer.parseInt(head[3]),
              reason));
    }
    return rows;
  }

  /** The metrics over rows at or after {@code from}, each row lasting {@code sync}. */
  static Metrics recompute(
      List<Row> rows, double capacity, Duration sync, Duration step, Instant from) {
    double dt = sync.toSeconds();
    double under = 0;
    double over = 0;
    long underCount = 0;
    long overCount = 0;
    double overflow = 0;
    double requests = 0;
    double replicaSeconds = 0;
    long steps = 0;
    long demandSteps = 0;
    long actions = 0;
    long reversals = 0;
    int lastDirection = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.time().isBefore(from)) {
        continue;
      }
      steps++;
      replicaSeconds += row.ready() * dt;
      if (i > 0 && row.desired() != rows.get(i - 1).desired()) {
        actions++;
        int direction = Integer.signum(row.desired() - rows.get(i - 1).desired());
        if (lastDirection != 0 && direction != lastDirection) {
          reversals++;
        }
        lastDirection = direction;
      }
      if (row.demand() == null || row.demand() <= 0) {
        continue;
      }
      double needed = row.demand() / capacity;
      int supply = row.ready();
      demandSteps++;
      if (supply < needed) {
        underCount++;
        under += (needed - supply) / needed;
        overflow += (needed - supply) * capacity * dt / step.toSeconds();
      }
      if (supply > needed) {
        overCount++;
        over += (supply - needed) / needed;
      }
      requests += row.demand() * dt / step.toSeconds();
    }
    return new Metrics(
        100 * under / demandSteps,
        100 * over / demandSteps,
        100.0 * underCount / demandSteps,
        100.0 * overCount / demandSteps,
        overflow,
        requests,
        replicaSeconds / 3600,
        actions,
        reversals,
        steps,
        demandSteps);
  }
}
