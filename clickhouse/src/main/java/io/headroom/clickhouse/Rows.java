package io.headroom.clickhouse;

import io.headroom.core.metric.MetricValidator;
import io.headroom.schemas.Alert;
import io.headroom.schemas.ForecastHorizonPoint;
import io.headroom.schemas.LoadForecast;
import io.headroom.schemas.MetricEvent;
import io.headroom.schemas.MetricEventMapper;
import io.headroom.schemas.PercentileWindow;
import io.headroom.schemas.ScalingCommand;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The row mappings of Headroom's tables. */
public final class Rows {
  private Rows() {}

  // Stateless (two durations and the system clock), so one serves every worker thread.
  private static final MetricValidator EVENT_RULE = MetricValidator.withDefaults();

  public static final TableRows<MetricEvent> METRIC_EVENTS =
      new TableRows<>() {
        public Class<MetricEvent> type() {
          return MetricEvent.class;
        }

        public String table() {
          return "metric_events";
        }

        public List<String> columns() {
          return List.of(
              "event_id",
              "service",
              "instance",
              "metric",
              "kind",
              "value",
              "unit",
              "event_time",
              "event_millis",
              "label_keys",
              "label_values");
        }

        public int optionalTrailingColumns() {
          return 2;
        }

        /**
         * The percentile app's rule ({@link MetricValidator}), so the raw table holds what the
         * windows count: no NaN, no impossible negative, nothing before 2000 or more than an hour
         * ahead of the wall clock. Not its stateful part: an event late for its window or far ahead
         * of its partition's stream time is a real measurement the windows merely missed.
         */
        public Optional<String> rejection(MetricEvent e) {
          return EVENT_RULE.problem(
              e.getService(),
              e.getMetric(),
              MetricEventMapper.toCoreKind(e.getKind()),
              e.getValue(),
              e.getEventTime(),
              null);
        }

        public void addRows(MetricEvent e, RowSink sink) throws java.sql.SQLException {
          Map<String, String> labels = e.getLabels();
          sink.row(
              e.getEventId(),
              e.getService(),
              e.getInstance(),
              e.getMetric(),
              e.getKind().name(),
              e.getValue(),
              e.getUnit(),
              seconds(e.getEventTime()),
              e.getEventTime().toEpochMilli(),
              labels.keySet().toArray(String[]::new),
              labels.values().toArray(String[]::new));
        }
      };

  public static final TableRows<PercentileWindow> PERCENTILE_WINDOWS =
      new TableRows<>() {
        public Class<PercentileWindow> type() {
          return PercentileWindow.class;
        }

        public String table() {
          return "percentile_windows";
        }

        public List<String> columns() {
          return List.of(
              "service",
              "metric",
              "kind",
              "window_start",
              "window_end",
              "window_seconds",
              "count",
              "sum",
              "rate",
              "min",
              "max",
              "mean",
              "p50",
              "p90",
              "p95",
              "p99",
              "relative_accuracy",
              "sketch");
        }

        public void addRows(PercentileWindow w, RowSink sink) throws java.sql.SQLException {
          sink.row(
              w.getService(),
              w.getMetric(),
              w.getKind().name(),
              seconds(w.getWindowStart()),
              seconds(w.getWindowEnd()),
              Duration.between(w.getWindowStart(), w.getWindowEnd()).toSeconds(),
              w.getCount(),
              w.getSum(),
              w.getRate(),
              w.getMin(),
              w.getMax(),
              w.getMean(),
              w.getP50(),
              w.getP90(),
              w.getP95(),
              w.getP99(),
              w.getRelativeAccuracy(),
              sketchText(w.getSketch()));
        }
      };

  public static final TableRows<LoadForecast> LOAD_FORECASTS =
      new TableRows<>() {
        public Class<LoadForecast> type() {
          return LoadForecast.class;
        }

        public String table() {
          return "load_forecasts";
        }

        public List<String> columns() {
          return List.of(
              "forecast_id",
              "service",
              "metric",
              "model",
              "trusted",
              "fitted_at",
              "step_seconds",
              "interval_level",
              "horizon_time",
              "value",
              "lower",
              "upper");
        }

        public void addRows(LoadForecast f, RowSink sink) throws java.sql.SQLException {
          for (ForecastHorizonPoint p : f.getPoints()) {
            sink.row(
                f.getForecastId(),
                f.getService(),
                f.getMetric(),
                f.getModel(),
                f.getTrusted() ? 1 : 0,
                seconds(f.getFittedAt()),
                f.getStepSeconds(),
                f.getIntervalLevel(),
                seconds(p.getTimestamp()),
                p.getValue(),
                p.getLower(),
                p.getUpper());
          }
        }
      };

  public static final TableRows<ScalingCommand> SCALING_COMMANDS =
      new TableRows<>() {
        public Class<ScalingCommand> type() {
          return ScalingCommand.class;
        }

        public String table() {
          return "scaling_commands";
        }

        public List<String> columns() {
          return List.of(
              "command_id",
              "target",
              "decided_at",
              "decided_millis",
              "from_replicas",
              "to_replicas",
              "policy",
              "limit_kind",
              "driving_metric",
              "metric_value",
              "metric_target",
              "forecast_used",
              "forecast_value",
              "reason");
        }

        public void addRows(ScalingCommand c, RowSink sink) throws java.sql.SQLException {
          sink.row(
              c.getCommandId(),
              c.getTarget(),
              seconds(c.getDecidedAt()),
              c.getDecidedAt().toEpochMilli(),
              c.getFromReplicas(),
              c.getToReplicas(),
              c.getPolicy(),
              c.getLimit(),
              c.getDrivingMetric(),
              c.getMetricValue(),
              c.getMetricTarget(),
              c.getForecastUsed() ? 1 : 0,
              c.getForecastValue(),
              c.getReason());
        }
      };

  public static final TableRows<Alert> ALERTS =
      new TableRows<>() {
        public Class<Alert> type() {
          return Alert.class;
        }

        public String table() {
          return "alerts";
        }

        public List<String> columns() {
          return List.of(
              "alert_id",
              "rule",
              "service",
              "metric",
              "severity",
              "state",
              "value",
              "threshold",
              "priority",
              "recommendation",
              "changed_at");
        }

        public void addRows(Alert a, RowSink sink) throws java.sql.SQLException {
          sink.row(
              a.getAlertId(),
              a.getRule(),
              a.getService(),
              a.getMetric(),
              a.getSeverity(),
              a.getState(),
              a.getValue(),
              a.getThreshold(),
              a.getPriority(),
              a.getRecommendation(),
              seconds(a.getChangedAt()));
        }
      };

  /**
   * DateTime columns hold whole seconds; the millisecond part, where it matters, has its own
   * column.
   */
  static Timestamp seconds(Instant instant) {
    return Timestamp.from(Instant.ofEpochSecond(instant.getEpochSecond()));
  }

  /**
   * The sketch as base64 text: String columns over every driver and protocol, decodable anywhere.
   */
  static String sketchText(ByteBuffer sketch) {
    ByteBuffer copy = sketch.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
