package io.headroom.streams;

/**
 * Decides when a task asks for an early commit: once its input has paused for a whole check
 * interval after records arrived. Under exactly-once, what a task emitted stays invisible to
 * read-committed readers until its transaction commits, so the windows closed by the end of a burst
 * would otherwise wait out the rest of the commit interval. Traffic that never pauses never asks;
 * early commits are at least {@code minimumGapMillis} apart, so a trickle of records with pauses
 * between them cannot turn every pause into a transaction.
 */
final class QuietCommits {
  private final long minimumGapMillis;
  private boolean recordsSinceCheck;
  private boolean uncommitted;
  private long lastAskedMillis;
  private boolean askedBefore;

  QuietCommits(long minimumGapMillis) {
    this.minimumGapMillis = minimumGapMillis;
  }

  void recordProcessed() {
    recordsSinceCheck = true;
    uncommitted = true;
  }

  /** Called every check interval: whether to ask for a commit now. */
  boolean commitDue(long nowMillis) {
    boolean quiet = !recordsSinceCheck;
    recordsSinceCheck = false;
    if (!quiet || !uncommitted || (askedBefore && nowMillis - lastAskedMillis < minimumGapMillis)) {
      return false;
    }
    uncommitted = false;
    askedBefore = true;
    lastAskedMillis = nowMillis;
    return true;
  }
}
