package io.headroom.core.forecast;

import java.time.Instant;

/** A point forecast for one future step with its prediction interval (lower <= value <= upper). */
public record ForecastPoint(Instant timestamp, double value, double lower, double upper) {}
