package dev.palisade.operator.control;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests held open until there is something new for them or their wait ends (then 304), without
 * holding a thread: each waits under a topic ({@code config:NS/NAME}, {@code sessions:NS}), and a
 * change to a topic makes its waiters look again.
 */
final class LongPolls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LongPolls.class);

  /** An answer to send. */
  record Answer(int status, String body) {}

  /** What a waiting request would be answered now; empty to keep waiting. */
  interface Probe {
    Optional<Answer> now();
  }

  private static final class Waiter {
    final String topic;
    final HttpExchange exchange;
    final Probe probe;
    final AtomicBoolean answered = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    Waiter(String topic, HttpExchange exchange, Probe probe) {
      this.topic = topic;
      this.exchange = exchange;
      this.probe = probe;
    }
  }

  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "palisade-control-wait");
    thread.setDaemon(true);
    return thread;
  });

  /** Holds {@code exchange} until {@code probe} has an answer or {@code wait} ends. */
  void hold(HttpExchange exchange, String topic, Duration wait, Probe probe) {
    Waiter waiter = new Waiter(topic, exchange, probe);
    waiters.add(waiter);
    waiter.timeout = timers.schedule(() -> answer(waiter, new Answer(304, null)), wait.toMillis(), TimeUnit.MILLISECONDS);
    look(waiter); // a change between the caller's first look and registering must not be missed
  }

  /** Something the topics matching {@code topics} depend on changed. */
  void changed(Predicate<String> topics) {
    if (!timers.isShutdown()) {
      try {
        timers.execute(() -> waiters.stream().filter(w -> topics.test(w.topic)).forEach(this::look));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void look(Waiter waiter) {
    if (waiter.answered.get()) {
      return;
    }
    try {
      waiter.probe.now().ifPresent(answer -> answer(waiter, answer));
    } catch (RuntimeException e) {
      log.warn("control API long poll refresh failed topic={} error={}", waiter.topic, e.toString());
    }
  }

  private void answer(Waiter waiter, Answer answer) {
    if (!waiter.answered.compareAndSet(false, true)) {
      return;
    }
    waiters.remove(waiter);
    ScheduledFuture<?> timeout = waiter.timeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    try {
      HttpExchanges.send(waiter.exchange, answer.status(), answer.body());
    } catch (IOException e) {
      waiter.exchange.close(); // the sidecar went away while waiting
    }
  }

  @Override
  public void close() {
    waiters.forEach(w -> w.exchange.close());
    waiters.clear();
    timers.shutdownNow();
  }
}
