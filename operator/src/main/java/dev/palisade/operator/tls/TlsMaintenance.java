package dev.palisade.operator.tls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the operator's TLS current: one round at start and then one every interval, each taking the
 * certificates from the source (renewing them when due), handing the serving identity to the
 * listeners and the CA bundle to every place clients read it from. Rounds run on one thread, so a
 * renewal and a publication never interleave; a failed round is logged and the next one retries.
 */
public final class TlsMaintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TlsMaintenance.class);
  private final TlsSource source;
  private final ServingTls serving;
  private final List<CaBundleSink> sinks;
  private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "palisade-tls");
    thread.setDaemon(true);
    return thread;
  });

  public TlsMaintenance(TlsSource source, ServingTls serving, List<CaBundleSink> sinks) {
    this.source = source;
    this.serving = serving;
    this.sinks = List.copyOf(sinks);
  }

  /** The first round, on the caller's thread (a failure here fails the start), then one every {@code interval}. */
  public TlsMaintenance start(Duration interval) {
    round();
    rounds.scheduleWithFixedDelay(this::scheduledRound, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Runs {@code task} on the rounds' thread (a namespace that needs the bundle now, for instance). */
  public void execute(Runnable task) {
    if (!rounds.isShutdown()) {
      rounds.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("TLS task failed: {}", e.toString());
        }
      });
    }
  }

  /** One round: certificates from the source to the listeners and the CA bundle to every sink. */
  public TlsState round() {
    TlsState state = source.current();
    if (serving.serve(state.serving())) {
      log.info("serving certificate in use serial={} notAfter={}", state.serving().leaf().getSerialNumber().toString(16),
          state.serving().leaf().getNotAfter().toInstant());
    }
    for (CaBundleSink sink : sinks) {
      try {
        sink.publish(state.trusted());
      } catch (RuntimeException e) {
        log.warn("CA bundle not published to {}: {}", sink.getClass().getSimpleName(), e.toString());
      }
    }
    return state;
  }

  private void scheduledRound() {
    try {
      round();
    } catch (RuntimeException e) {
      log.warn("TLS round failed, the current certificate stays in use: {}", e.toString());
    }
  }

  @Override
  public void close() {
    rounds.shutdownNow();
  }
}
