package io.headroom.core.scaling;

/** Which of several rate policies applies ({@code selectPolicy}); upstream spelling. */
public enum SelectPolicy {
  /** The policy allowing the largest change (default). */
  Max,
  /** The policy allowing the smallest change. */
  Min,
  /** No scaling in this direction at all. */
  Disabled
}
