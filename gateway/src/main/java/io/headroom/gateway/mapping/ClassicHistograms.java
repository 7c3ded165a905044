package io.headroom.gateway.mapping;

import io.headroom.core.metric.MetricKind;
import io.headroom.core.metric.MetricValidator;
import io.headroom.core.sketch.SketchAccumulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prometheus classic histograms into the percentile path. Remote write 1.0 sends a histogram as one
 * series per bucket, {@code <name>_bucket} with an {@code le} label holding the cumulative count of
 * samples {@code <= le}, plus {@code <name>_sum} and {@code <name>_count}. The bucket samples of
 * one histogram (same labels but {@code le}) at one time within one request become an
 * explicit-bucket histogram ({@link HistogramCounts.Explicit}, the shape of OTLP's, with the {@code
 * _sum} sample of the same request as its exact sum when present); the previous scrape of the
 * histogram is subtracted ({@link HistogramDeltas}: fewer samples than before is a reset); the
 * interval's samples go out as one event carrying their DDSketch, with the representative values,
 * and so the error bound, of OTLP explicit buckets.
 *
 * <p>Only what arrives in one request is gathered, since the answer to a request waits for its
 * events: a time without the {@code +Inf} bucket (the histogram was split between requests) is
 * dropped as {@link Drop#INCOMPLETE_HISTOGRAM}, and one with other bounds than the last primes the
 * histogram again. Not thread-safe; {@link SeriesMapper} serialises access.
 */
final class ClassicHistograms {
  static final String BUCKET_SUFFIX = "_bucket";
  private static final String LE = "le";
  private static final Set<String> TIME_UNITS = Set.of("ms", "s", "us", "ns", "min", "h");

  /** A {@code _bucket} series of a request and the rule that matched it. */
  record Bucket(PromSeries series, SeriesRule rule) {}

  private final MappingConfig config;
  private final double relativeAccuracy;
  private final HistogramDeltas deltas;
  private final MetricValidator validator = MetricValidator.withDefaults();

  ClassicHistograms(MappingConfig config, double relativeAccuracy) {
    this.config = config;
    this.relativeAccuracy = relativeAccuracy;
    this.deltas = new HistogramDeltas(config.maxSeries());
    new SketchAccumulator(relativeAccuracy); // validates the accuracy now rather than per point
  }

  /** {@code x_bucket} → {@code x}. */
  static String baseName(String bucketName) {
    return bucketName.substring(0, bucketName.length() - BUCKET_SUFFIX.length());
  }

  /** Histograms whose last buckets are held. */
  int size() {
    return deltas.size();
  }

  /**
   * The events made from the bucket series of one request; {@code request} is searched for their
   * {@code _sum} series.
   */
  SeriesMapper.Result map(List<Bucket> buckets, List<PromSeries> request) {
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    for (Bucket bucket : buckets) {
      PromSeries series = bucket.series();
      Map<String, String> labels = new TreeMap<>(series.labels());
      String le = labels.remove(LE);
      labels.put(PromSeries.NAME_LABEL, baseName(series.name()));
      String key = new PromSeries(new TreeMap<>(labels), new long[0], new double[0]).key();
      Histogram histogram =
          histograms.computeIfAbsent(key, k -> new Histogram(k, labels, bucket.rule()));
      double bound = upperBound(le);
      for (int i = 0; i < series.sampleCount(); i++) {
        histogram
            .points
            .computeIfAbsent(series.timestampsMillis()[i], t -> new Point())
            .add(bound, series.values()[i]);
      }
    }
    Map<String, PromSeries> sums = sumSeries(histograms.values(), request);
    Out out = new Out();
    for (Histogram histogram : histograms.values()) {
      PromIdentity identity = PromIdentity.of(histogram.labels, config);
      for (Map.Entry<Long, Point> point : histogram.points.entrySet()) {
        if (identity == null) {
          out.drop(Drop.NO_SERVICE, point.getValue().samples);
        } else {
          long time = point.getKey();
          double sum = valueAt(sums.get(histogram.sumKey()), time);
          map(out, histogram, identity, time, point.getValue(), sum);
        }
      }
    }
    return new SeriesMapper.Result(out.samples, out.dropped, out.resets, List.of());
  }

  private void map(
      Out out, Histogram histogram, PromIdentity identity, long time, Point point, double sum) {
    if (point.stale) {
      // Prometheus marks every bucket stale when the histogram goes away.
      deltas.forget(histogram.key);
      out.drop(Drop.STALE_MARKER, point.samples);
      return;
    }
    if (point.nan) {
      out.drop(Drop.NAN, point.samples);
      return;
    }
    if (point.badBound) {
      out.drop(Drop.INVALID, point.samples);
      return;
    }
    if (!point.cumulative.containsKey(Double.POSITIVE_INFINITY)) {
      out.drop(Drop.INCOMPLETE_HISTOGRAM, point.samples);
      return;
    }
    HistogramCounts.Explicit counts = point.toCounts(sum);
    if (counts == null) {
      out.drop(Drop.INVALID, point.samples);
      return;
    }
    HistogramDeltas.Step step = deltas.next(histogram.key, 0, time * 1_000_000, counts);
    switch (step.kind()) {
      case FIRST -> {
        out.drop(Drop.COUNTER_FIRST_SAMPLE, point.samples);
        return;
      }
      case NOT_NEWER -> {
        out.drop(Drop.NOT_NEWER, point.samples);
        return;
      }
      case RESET -> out.resets++;
      case RATE -> {}
    }
    HistogramCounts interval = step.interval();
    if (interval.count() == 0) {
      out.drop(Drop.NO_SAMPLES, point.samples);
      return;
    }
    SketchAccumulator sketch;
    try {
      sketch = interval.toSketch(relativeAccuracy, histogram.rule.scale());
    } catch (IllegalArgumentException e) {
      out.drop(Drop.INVALID, point.samples);
      return;
    }
    SeriesRule rule = histogram.rule;
    String metric = rule.metricFor(histogram.labels.get(PromSeries.NAME_LABEL) + BUCKET_SUFFIX);
    MetricKind kind =
        TIME_UNITS.contains(rule.unit()) ? MetricKind.LATENCY_SAMPLE : MetricKind.GAUGE;
    double mean = sketch.stats().mean();
    Instant eventTime = Instant.ofEpochMilli(time);
    if (validator.problem(identity.service(), metric, kind, mean, eventTime, null).isPresent()) {
      out.drop(Drop.INVALID, point.samples);
      return;
    }
    out.samples.add(
        new MappedSample(
            EventIds.of(histogram.key, time),
            identity.service(),
            identity.instance(),
            metric,
            kind,
            mean,
            rule.unit(),
            eventTime,
            identity.labels(),
            sketch.toBytes()));
  }

  /** The {@code _sum} series of the request that belong to these histograms, by key. */
  private static Map<String, PromSeries> sumSeries(
      Iterable<Histogram> histograms, List<PromSeries> request) {
    Set<String> wanted = new HashSet<>();
    for (Histogram histogram : histograms) {
      wanted.add(histogram.sumKey());
    }
    Map<String, PromSeries> sums = new HashMap<>();
    for (PromSeries series : request) {
      if (series.name().endsWith("_sum")) {
        String key = series.key();
        if (wanted.contains(key)) {
          sums.put(key, series);
        }
      }
    }
    return sums;
  }

  private static double valueAt(PromSeries series, long time) {
    if (series != null) {
      for (int i = 0; i < series.sampleCount(); i++) {
        if (series.timestampsMillis()[i] == time) {
          return series.values()[i];
        }
      }
    }
    return Double.NaN;
  }

  /** An {@code le} label's value; NaN when missing or not a number. */
  static double upperBound(String le) {
    if (le == null) {
      return Double.NaN;
    }
    String text = le.strip();
    if (text.equals("+Inf") || text.equals("Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double bound = Double.parseDouble(text);
      return Double.isFinite(bound) ? bound : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** One histogram of a request: the labels its bucket series share and its points by time. */
  private static final class Histogram {
    final String key;
    final Map<String, String> labels;
    final SeriesRule rule;
    final TreeMap<Long, Point> points = new TreeMap<>();

    Histogram(String key, Map<String, String> labels, SeriesRule rule) {
      this.key = key;
      this.labels = labels;
      this.rule = rule;
    }

    /** The key of its {@code _sum} series: same labels, name {@code <base>_sum}. */
    String sumKey() {
      String base = labels.get(PromSeries.NAME_LABEL);
      return base + "_sum" + key.substring(base.length());
    }
  }

  /** The bucket samples of one histogram at one time: cumulative counts by upper bound. */
  private static final class Point {
    final TreeMap<Double, Double> cumulative = new TreeMap<>();
    int samples;
    boolean stale;
    boolean nan;
    boolean badBound;

    void add(double bound, double value) {
      samples++;
      if (Double.isNaN(value)) {
        if (Double.doubleToRawLongBits(value) == SeriesMapper.STALE_NAN_BITS) {
          stale = true;
        } else {
          nan = true;
        }
      } else if (Double.isNaN(bound) || cumulative.put(bound, value) != null) {
        badBound = true; // no le, an unreadable one, or the same bound twice
      }
    }

    /**
     * The per-bucket counts, or null when the cumulative counts are negative, infinite or go down
     * with the bound (not a histogram).
     */
    HistogramCounts.Explicit toCounts(double sum) {
      double[] bounds = new double[cumulative.size() - 1];
      long[] counts = new long[cumulative.size()];
      long below = 0;
      int i = 0;
      for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
        double value = bucket.getValue();
        if (!(value >= 0) || Double.isInfinite(value)) {
          return null;
        }
        long upTo = Math.round(value);
        if (upTo < below) {
          return null;
        }
        if (i < bounds.length) {
          bounds[i] = bucket.getKey();
        }
        counts[i++] = upTo - below;
        below = upTo;
      }
      return new HistogramCounts.Explicit(
          bounds, counts, below, Double.isFinite(sum) ? sum : Double.NaN, Double.NaN, Double.NaN);
    }
  }

  /** The events and drops of one request. */
  private static final class Out {
    final List<MappedSample> samples = new ArrayList<>();
    final Map<Drop, Integer> dropped = new EnumMap<>(Drop.class);
    int resets;

    void drop(Drop reason, int samples) {
      dropped.merge(reason, samples, Integer::sum);
    }
  }
}
