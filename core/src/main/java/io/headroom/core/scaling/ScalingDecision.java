package io.headroom.core.scaling;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One decision and its explanation, as written to {@code scaling.commands}.
 *
 * <p>A value with the accessors, {@code equals}, {@code hashCode} and {@code toString} of a record
 * over the components of its public constructor. It is not a record for one reason: the engine
 * hands over the parts of the reason sentence and {@link #reason()} formats them on its first call
 * (then keeps the text), so a replay that never reads a reason never pays for one. The text is the
 * same whenever it is built.
 */
public final class ScalingDecision {
  private final Instant time;
  private final int from;
  private final int to;
  private final String drivingMetric;
  private final double metricValue;
  private final double metricTarget;
  private final int recommendation;
  private final Limit limit;

  /** The reason when it was given as text. */
  private final String givenReason;

  /** Builds the reason when it was not given as text. */
  private final Supplier<String> reasonText;

  private final ForecastUse forecast;
  private final double forecastLoad;
  private final ScalingHistory history;

  /**
   * The reason {@link #reasonText} built, kept from the first call (a benign race: the same text).
   */
  private String builtReason;

  /** How the load forecast took part in a decision. */
  public enum ForecastUse {
    /** Reactive engine: no forecast involved. */
    NONE,
    /** The forecast recommendation was above the reactive one and was proposed instead. */
    RAISED,
    /** A trusted forecast was available but asked for no more than the reactive engine. */
    BELOW_REACTIVE,
    /** No forecast was available: exactly the HPA's decision. */
    ABSENT,
    /**
     * The forecast was not trusted (too little history, or recent actuals far off): exactly the
     * HPA's decision.
     */
    UNTRUSTED;

    /** The predictive policy decided without a trusted forecast: exactly as the HPA. */
    public boolean withoutTrustedForecast() {
      return this == ABSENT || this == UNTRUSTED;
    }
  }

  /**
   * A decision whose reason is already a sentence.
   *
   * @param time decision time
   * @param from replica count before
   * @param to replica count to set ({@code from} when nothing changes)
   * @param drivingMetric the metric whose proposal was the largest ({@code forecast} when the
   *     forecast was, empty when no metric was computed)
   * @param metricValue its current value (percent for Utilization targets; NaN when unknown)
   * @param metricTarget its target (same unit; NaN when unknown)
   * @param recommendation the raw recommendation before stabilization, policies and bounds
   * @param limit the step that shaped the result
   * @param reason a sentence a human reads: what the metrics said, and what limited the change
   * @param forecast how the forecast took part ({@link ForecastUse#NONE} for the reactive engine)
   * @param forecastLoad the forecast load behind the forecast's proposal (the expected load or the
   *     quantile bound, whichever asked for more replicas); NaN when no forecast was used
   * @param history the history to store and pass to the next decision
   */
  public ScalingDecision(
      Instant time,
      int from,
      int to,
      String drivingMetric,
      double metricValue,
      double metricTarget,
      int recommendation,
      Limit limit,
      String reason,
      ForecastUse forecast,
      double forecastLoad,
      ScalingHistory history) {
    this(
        time,
        from,
        to,
        drivingMetric,
        metricValue,
        metricTarget,
        recommendation,
        limit,
        reason,
        null,
        forecast,
        forecastLoad,
        history);
  }

  /** A decision whose reason {@code reasonText} builds when it is first asked for. */
  ScalingDecision(
      Instant time,
      int from,
      int to,
      String drivingMetric,
      double metricValue,
      double metricTarget,
      int recommendation,
      Limit limit,
      Supplier<String> reasonText,
      ForecastUse forecast,
      double forecastLoad,
      ScalingHistory history) {
    this(
        time,
        from,
        to,
        drivingMetric,
        metricValue,
        metricTarget,
        recommendation,
        limit,
        null,
        Objects.requireNonNull(reasonText, "reasonText"),
        forecast,
        forecastLoad,
        history);
  }

  private ScalingDecision(
      Instant time,
      int from,
      int to,
      String drivingMetric,
      double metricValue,
      double metricTarget,
      int recommendation,
      Limit limit,
      String givenReason,
      Supplier<String> reasonText,
      ForecastUse forecast,
      double forecastLoad,
      ScalingHistory history) {
    this.time = time;
    this.from = from;
    this.to = to;
    this.drivingMetric = drivingMetric;
    this.metricValue = metricValue;
    this.metricTarget = metricTarget;
    this.recommendation = recommendation;
    this.limit = limit;
    this.givenReason = givenReason;
    this.reasonText = reasonText;
    this.forecast = forecast;
    this.forecastLoad = forecastLoad;
    this.history = history;
  }

  public Instant time() {
    return time;
  }

  public int from() {
    return from;
  }

  public int to() {
    return to;
  }

  public String drivingMetric() {
    return drivingMetric;
  }

  public double metricValue() {
    return metricValue;
  }

  public double metricTarget() {
    return metricTarget;
  }

  public int recommendation() {
    return recommendation;
  }

  public Limit limit() {
    return limit;
  }

  /** The sentence a human reads (built on the first call when the engine made the decision). */
  public String reason() {
    if (reasonText == null) {
      return givenReason;
    }
    String text = builtReason;
    if (text == null) {
      text = reasonText.get();
      builtReason = text;
    }
    return text;
  }

  public ForecastUse forecast() {
    return forecast;
  }

  public double forecastLoad() {
    return forecastLoad;
  }

  public ScalingHistory history() {
    return history;
  }

  public boolean scales() {
    return to != from;
  }

  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof ScalingDecision that
            && from == that.from
            && to == that.to
            && Double.compare(metricValue, that.metricValue) == 0
            && Double.compare(metricTarget, that.metricTarget) == 0
            && recommendation == that.recommendation
            && Double.compare(forecastLoad, that.forecastLoad) == 0
            && Objects.equals(time, that.time)
            && Objects.equals(drivingMetric, that.drivingMetric)
            && limit == that.limit
            && forecast == that.forecast
            && Objects.equals(reason(), that.reason())
            && Objects.equals(history, that.history);
  }

  /** Combined as a record's hash code is (31 × hash + component's hash, from 0). */
  @Override
  public int hashCode() {
    int hash = Objects.hashCode(time);
    hash = 31 * hash + Integer.hashCode(from);
    hash = 31 * hash + Integer.hashCode(to);
    hash = 31 * hash + Objects.hashCode(drivingMetric);
    hash = 31 * hash + Double.hashCode(metricValue);
    hash = 31 * hash + Double.hashCode(metricTarget);
    hash = 31 * hash + Integer.hashCode(recommendation);
    hash = 31 * hash + Objects.hashCode(limit);
    hash = 31 * hash + Objects.hashCode(reason());
    hash = 31 * hash + Objects.hashCode(forecast);
    hash = 31 * hash + Double.hashCode(forecastLoad);
    return 31 * hash + Objects.hashCode(history);
  }

  @Override
  public String toString() {
    return "ScalingDecision[time="
        + time
        + ", from="
        + from
        + ", to="
        + to
        + ", drivingMetric="
        + drivingMetric
        + ", metricValue="
        + metricValue
        + ", metricTarget="
        + metricTarget
        + ", recommendation="
        + recommendation
        + ", limit="
        + limit
        + ", reason="
        + reason()
        + ", forecast="
        + forecast
        + ", forecastLoad="
        + forecastLoad
        + ", history="
        + history
        + "]";
  }
}
