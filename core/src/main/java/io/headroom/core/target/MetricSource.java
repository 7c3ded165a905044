package io.headroom.core.target;

import io.headroom.core.window.Statistic;
import java.io.Serializable;

/**
 * Where the value of one HPA metric comes from: a window metric, which of its numbers, and whether
 * it is divided by the ready replicas (a total such as requests per window, read as per pod).
 *
 * @param metric the window metric ({@code cpu_percent}, {@code requests})
 * @param statistic which number of its windows ({@code mean}, {@code sum}, {@code p95})
 * @param perReplica divide by the ready replicas
 */
public record MetricSource(String metric, Statistic statistic, boolean perReplica)
    implements Serializable {}
