package io.headroom.core.trace;

import java.time.Instant;

/**
 * One step of a load trace: the load (e.g. requests per step) observed in the step starting at
 * {@code timestamp}.
 */
public record TracePoint(Instant timestamp, double value) {}
