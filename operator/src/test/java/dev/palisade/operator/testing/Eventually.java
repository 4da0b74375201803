package dev.palisade.operator.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until a deadline: tests never sleep for a fixed time to pass. */
public final class Eventually {
  private Eventually() {}

  public static <T> T await(Duration timeout, String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    AssertionError last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (AssertionError e) {
        last = e;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(20); // poll interval, not a wait for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what);
    if (last != null) {
      failure.initCause(last);
    }
    throw failure;
  }
}
