package dev.palisade.startup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value built on a daemon thread of its own while the caller does other start-up work (the
 * sidecar's detection engine, the largest rule pack). {@link #await()} returns it, or throws what
 * the build threw, unwrapped, so error messages read as if the build had run in line.
 */
public final class BackgroundBuild<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private BackgroundBuild() {}

  public static <T> BackgroundBuild<T> start(String threadName, Supplier<T> build) {
    BackgroundBuild<T> background = new BackgroundBuild<>();
    Thread thread = new Thread(() -> {
      try {
        background.result.complete(build.get());
      } catch (Throwable failure) {
        background.result.completeExceptionally(failure);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return background;
  }

  /** The built value; waits for it. */
  public T await() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
