package io.headroom.streams;

/** A service's aggregate over a closed window [startMillis, endMillis). */
record ClosedWindow(long startMillis, long endMillis, ServiceWindow aggregate) {}
