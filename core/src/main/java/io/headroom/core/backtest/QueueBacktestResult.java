package io.headroom.core.backtest;

/**
 * What a queue backtest measured after the warm-up (the item counts cover the whole run).
 *
 * @param elasticity theta/tau against the arrivals ({@code D = arrivals / serviceRate}: the
 *     consumers needed to keep up, ignoring the backlog), replica-hours of ready consumers, actions
 * @param arrived items that arrived, the initial backlog included
 * @param served items processed
 * @param finalBacklog items still waiting at the end
 * @param peakBacklog the largest backlog seen at a decision
 * @param maxWaitSeconds the longest an item waited (served or still waiting at a decision)
 * @param overSloTimePercent share of evaluated time during which the oldest waiting item had waited
 *     longer than the SLO
 * @param lateItems items served after waiting longer than the SLO, plus those still waiting at the
 *     end that already had
 * @param meanWaitSeconds mean wait of the served items
 * @param scaleFromZero times KEDA woke the target
 * @param scaleToZero times KEDA put it to sleep
 */
public record QueueBacktestResult(
    BacktestResult elasticity,
    long arrived,
    long served,
    long finalBacklog,
    long peakBacklog,
    long maxWaitSeconds,
    double overSloTimePercent,
    long lateItems,
    double meanWaitSeconds,
    long scaleFromZero,
    long scaleToZero) {

  /** Late items as a share of all items (0 when none arrived). */
  public double lateItemsPercent() {
    return arrived == 0 ? 0 : 100.0 * lateItems / arrived;
  }
}
