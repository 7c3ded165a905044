package io.headroom.gateway.mapping;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricValidator;
import io.headroom.core.sketch.SketchAccumulator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps OTLP metrics ({@code ExportMetricsServiceRequest}, from OTLP/HTTP or the Collector's Kafka
 * exporter) to metric events under the {@code otlp} part of a {@link MappingConfig}:
 *
 * <ul>
 *   <li>gauges and non-monotonic cumulative sums: {@code GAUGE} events, point for point;
 *   <li>monotonic sums: {@code COUNTER} events of the increase over the point's interval; delta
 *       points as they are, cumulative ones less the previous point of their series (resets
 *       detected as by {@link CounterRates}); or, with a {@code rate} rule, the per-second rate;
 *   <li>histograms (explicit buckets and exponential): one event per point carrying the DDSketch of
 *       the interval's samples (cumulative points differenced by {@link HistogramDeltas}); its
 *       value is their mean;
 *   <li>summaries, NaNs, points flagged without a recorded value: dropped and counted.
 * </ul>
 *
 * Holds the state of every cumulative series it has seen, so one gateway must receive all points of
 * a series (the Collector's Kafka exporter keys nothing by default: consume with one gateway per
 * topic, or partition by resource). Thread-safe: requests are mapped one at a time.
 */
public final class OtlpMapper {
  private static final long NO_RECORDED_VALUE =
      DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
  private static final Set<String> TIME_UNITS = Set.of("ms", "s", "us", "ns", "min", "h");

  private final OtlpConfig config;
  private final List<Pattern> patterns;
  private final double relativeAccuracy;
  private final MetricValidator validator = MetricValidator.withDefaults();
  private final Clock clock;
  private final CounterRates sums;
  private final HistogramDeltas histograms;

  /**
   * @param relativeAccuracy of the sketches made from histograms: the percentile app's ({@code
   *     headroom.relative-accuracy}, 1 % by default), so its windows merge them exactly
   */
  public OtlpMapper(MappingConfig mapping, double relativeAccuracy) {
    this(mapping, relativeAccuracy, Clock.systemUTC());
  }

  OtlpMapper(MappingConfig mapping, double relativeAccuracy, Clock clock) {
    this.config = mapping.otlp();
    this.patterns = config.rules().stream().map(OtlpRule::pattern).toList();
    this.relativeAccuracy = relativeAccuracy;
    this.clock = clock;
    this.sums = new CounterRates(mapping.maxSeries());
    this.histograms = new HistogramDeltas(mapping.maxSeries());
    new SketchAccumulator(relativeAccuracy); // validates the accuracy now rather than per point
  }

  /** Data points in a request, of every type: what the in-flight bound reserves for. */
  public static int pointCount(ExportMetricsServiceRequest request) {
    int points = 0;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          points += pointsOf(metric);
        }
      }
    }
    return points;
  }

  public synchronized SeriesMapper.Result map(ExportMetricsServiceRequest request) {
    Request out = new Request(clock.instant());
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      Map<String, String> resourceAttributes =
          attributes(resource.getResource().getAttributesList());
      String service = firstPresent(resourceAttributes, config.serviceAttributes());
      String instance = firstPresent(resourceAttributes, config.instanceAttributes());
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          if (metric.getName().isEmpty()) {
            out.drop(Drop.EMPTY_NAME, pointsOf(metric));
          } else if (service == null) {
            out.drop(Drop.NO_SERVICE, pointsOf(metric));
          } else {
            mapMetric(out, service, instance == null ? "" : instance, metric);
          }
        }
      }
    }
    return new SeriesMapper.Result(out.samples, out.dropped, out.resets, List.of());
  }

  /** Cumulative series whose last point is held. */
  public synchronized int cumulativeSeries() {
    return sums.size() + histograms.size();
  }

  private void mapMetric(Request out, String service, String instance, Metric metric) {
    OtlpRule rule = ruleFor(metric.getName());
    if (rule == null || rule.action() == OtlpRule.Action.DROP) {
      out.drop(rule == null ? Drop.UNMAPPED : Drop.DROPPED_BY_RULE, pointsOf(metric));
      return;
    }
    Series series =
        new Series(
            service,
            instance,
            rule.metricFor(metric.getName()),
            rule.unitFor(metric.getUnit()),
            rule.scale(),
            service + "|" + instance + "|" + metric.getName());
    switch (metric.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
          gauge(out, series, point);
        }
      }
      case SUM -> {
        var sum = metric.getSum();
        boolean cumulative =
            sum.getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (NumberDataPoint point : sum.getDataPointsList()) {
          if (!sum.getIsMonotonic()) {
            if (cumulative) {
              gauge(out, series, point);
            } else {
              out.drop(Drop.UNSUPPORTED, 1);
            }
          } else {
            counter(out, series, point, cumulative, rule.action() == OtlpRule.Action.RATE);
          }
        }
      }
      case HISTOGRAM -> {
        boolean cumulative =
            metric.getHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
          histogram(
              out,
              series,
              point.getAttributesList(),
              point.getFlags(),
              point.getStartTimeUnixNano(),
              point.getTimeUnixNano(),
              cumulative,
              explicit(point));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        boolean cumulative =
            metric.getExponentialHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (ExponentialHistogramDataPoint point :
            metric.getExponentialHistogram().getDataPointsList()) {
          histogram(
              out,
              series,
              point.getAttributesList(),
              point.getFlags(),
              point.getStartTimeUnixNano(),
              point.getTimeUnixNano(),
              cumulative,
              exponential(point));
        }
      }
      case SUMMARY -> out.drop(Drop.UNSUPPORTED, pointsOf(metric));
      case DATA_NOT_SET -> {}
    }
  }

  /** What the points of one metric of one resource share; {@code key} plus attributes = series. */
  private record Series(
      String service, String instance, String metric, String unit, double scale, String key) {}

  private void gauge(Request out, Series series, NumberDataPoint point) {
    Map<String, String> labels = attributes(point.getAttributesList());
    String key = seriesKey(series, labels);
    if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
      out.drop(Drop.NO_RECORDED_VALUE, 1);
      return;
    }
    double value = numberOf(point);
    if (Double.isNaN(value)) {
      out.drop(Drop.NAN, 1);
      return;
    }
    out.emit(
        series, key, labels, point.getTimeUnixNano(), MetricKind.GAUGE, value * series.scale());
  }

  private void counter(
      Request out, Series series, NumberDataPoint point, boolean cumulative, boolean asRate) {
    Map<String, String> labels = attributes(point.getAttributesList());
    String key = seriesKey(series, labels);
    if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
      sums.forget(key);
      out.drop(Drop.NO_RECORDED_VALUE, 1);
      return;
    }
    double value = numberOf(point);
    if (Double.isNaN(value)) {
      out.drop(Drop.NAN, 1);
      return;
    }
    long timeMillis = point.getTimeUnixNano() / 1_000_000;
    double increase;
    long intervalMillis;
    if (cumulative) {
      CounterRates.Increase step = sums.increase(key, timeMillis, value);
      switch (step.kind()) {
        case FIRST -> {
          out.drop(Drop.COUNTER_FIRST_SAMPLE, 1);
          return;
        }
        case NOT_NEWER -> {
          out.drop(Drop.NOT_NEWER, 1);
          return;
        }
        case RESET -> out.resets++;
        case RATE -> {}
      }
      increase = step.amount();
      intervalMillis = step.sinceMillis();
    } else {
      increase = value;
      intervalMillis = timeMillis - point.getStartTimeUnixNano() / 1_000_000;
    }
    if (!asRate) {
      out.emit(
          series,
          key,
          labels,
          point.getTimeUnixNano(),
          MetricKind.COUNTER,
          increase * series.scale());
    } else if (intervalMillis > 0) {
      out.emit(
          series,
          key,
          labels,
          point.getTimeUnixNano(),
          MetricKind.GAUGE,
          increase / (intervalMillis / 1000.0) * series.scale());
    } else {
      // A delta point without a start time has no interval to divide by.
      out.drop(Drop.INVALID, 1);
    }
  }

  private void histogram(
      Request out,
      Series series,
      List<KeyValue> attributeList,
      int flags,
      long startNanos,
      long timeNanos,
      boolean cumulative,
      HistogramCounts point) {
    Map<String, String> labels = attributes(attributeList);
    String key = seriesKey(series, labels);
    if ((flags & NO_RECORDED_VALUE) != 0) {
      histograms.forget(key);
      out.drop(Drop.NO_RECORDED_VALUE, 1);
      return;
    }
    HistogramCounts interval = point;
    if (cumulative) {
      HistogramDeltas.Step step = histograms.next(key, startNanos, timeNanos, point);
      switch (step.kind()) {
        case FIRST -> {
          out.drop(Drop.COUNTER_FIRST_SAMPLE, 1);
          return;
        }
        case NOT_NEWER -> {
          out.drop(Drop.NOT_NEWER, 1);
          return;
        }
        case RESET -> out.resets++;
        case RATE -> {}
      }
      interval = step.interval();
    }
    if (interval.count() == 0) {
      out.drop(Drop.NO_SAMPLES, 1);
      return;
    }
    SketchAccumulator sketch;
    try {
      sketch = interval.toSketch(relativeAccuracy, series.scale());
    } catch (IllegalArgumentException e) {
      out.drop(Drop.INVALID, 1);
      return;
    }
    if (sketch.isEmpty()) {
      out.drop(Drop.NO_SAMPLES, 1);
      return;
    }
    double mean = sketch.stats().mean();
    MetricKind kind =
        TIME_UNITS.contains(series.unit()) ? MetricKind.LATENCY_SAMPLE : MetricKind.GAUGE;
    out.emitSketch(series, key, labels, timeNanos, kind, mean, sketch.toBytes());
  }

  private static HistogramCounts explicit(HistogramDataPoint point) {
    double[] bounds =
        point.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts = point.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
    if (counts.length == 0) {
      // Allowed by OTLP: only count and sum are known; all samples in one unbounded bucket.
      bounds = new double[0];
      counts = new long[] {point.getCount()};
    }
    if (counts.length != bounds.length + 1) {
      return new HistogramCounts.Explicit(
          new double[0], new long[] {0}, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new HistogramCounts.Explicit(
        bounds,
        counts,
        point.getCount(),
        point.hasSum() ? point.getSum() : Double.NaN,
        point.hasMin() ? point.getMin() : Double.NaN,
        point.hasMax() ? point.getMax() : Double.NaN);
  }

  private static HistogramCounts exponential(ExponentialHistogramDataPoint point) {
    return new HistogramCounts.Exponential(
        point.getScale(),
        point.getZeroCount(),
        buckets(point.getPositive()),
        buckets(point.getNegative()),
        point.getCount(),
        point.hasSum() ? point.getSum() : Double.NaN,
        point.hasMin() ? point.getMin() : Double.NaN,
        point.hasMax() ? point.getMax() : Double.NaN);
  }

  private static HistogramCounts.Buckets buckets(ExponentialHistogramDataPoint.Buckets buckets) {
    return new HistogramCounts.Buckets(
        buckets.getOffset(),
        buckets.getBucketCountsList().stream().mapToLong(Long::longValue).toArray());
  }

  private static double numberOf(NumberDataPoint point) {
    return switch (point.getValueCase()) {
      case AS_DOUBLE -> point.getAsDouble();
      case AS_INT -> point.getAsInt();
      case VALUE_NOT_SET -> Double.NaN;
    };
  }

  private static int pointsOf(Metric metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsCount();
      case SUM -> metric.getSum().getDataPointsCount();
      case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> metric.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  private OtlpRule ruleFor(String name) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(name).matches()) {
        return config.rules().get(i);
      }
    }
    return null;
  }

  private static String firstPresent(Map<String, String> attributes, List<String> names) {
    for (String name : names) {
      String value = attributes.get(name);
      // An SDK without a configured service name reports "unknown_service:<process>".
      if (value != null && !value.isEmpty() && !value.startsWith("unknown_service")) {
        return value;
      }
    }
    return null;
  }

  /** Attributes as strings; arrays and maps in their protobuf text form, empty values left out. */
  static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> out = new TreeMap<>();
    for (KeyValue kv : list) {
      AnyValue v = kv.getValue();
      String text =
          switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case VALUE_NOT_SET -> "";
            default -> v.toString().strip();
          };
      if (!text.isEmpty()) {
        out.put(kv.getKey(), text);
      }
    }
    return out;
  }

  private static String seriesKey(Series series, Map<String, String> labels) {
    return series.key() + labels;
  }

  /** The events and drops of one request. */
  private final class Request {
    final Instant now;
    final List<MappedSample> samples = new ArrayList<>();
    final Map<Drop, Integer> dropped = new EnumMap<>(Drop.class);
    int resets;

    Request(Instant now) {
      this.now = now;
    }

    void drop(Drop reason, int points) {
      if (points > 0) {
        dropped.merge(reason, points, Integer::sum);
      }
    }

    void emit(
        Series series,
        String key,
        Map<String, String> labels,
        long timeNanos,
        MetricKind kind,
        double value) {
      add(series, key, labels, timeNanos, kind, value, null);
    }

    void emitSketch(
        Series series,
        String key,
        Map<String, String> labels,
        long timeNanos,
        MetricKind kind,
        double mean,
        byte[] sketch) {
      add(series, key, labels, timeNanos, kind, mean, sketch);
    }

    private void add(
        Series series,
        String key,
        Map<String, String> labels,
        long timeNanos,
        MetricKind kind,
        double value,
        byte[] sketch) {
      long millis = timeNanos / 1_000_000;
      Instant eventTime = Instant.ofEpochMilli(millis);
      // The wall clock is the reference: a point far ahead of it would close every open window.
      if (timeNanos <= 0
          || validator
              .problem(series.service(), series.metric(), kind, value, eventTime, now)
              .isPresent()) {
        drop(Drop.INVALID, 1);
        return;
      }
      samples.add(
          new MappedSample(
              EventIds.of(key, millis),
              series.service(),
              series.instance(),
              series.metric(),
              kind,
              value,
              series.unit(),
              eventTime,
              Map.copyOf(labels),
              sketch));
    }
  }
}
