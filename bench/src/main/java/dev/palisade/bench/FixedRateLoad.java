package dev.palisade.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop, schedule-based load: request {@code i} is due at {@code start + i / rate}, whether
 * or not earlier answers have come back, and its latency runs from that intended send time to the
 * last body byte. A stall therefore shows up in every request that should have been sent during it
 * (no coordinated omission). The calling thread keeps the schedule (parking until each due time)
 * and hands each request to the client event loop; requests wait in the client's pool queue when all
 * {@code connections} are busy, and that wait is counted. Bounded by the schedule; stops by itself.
 */
final class FixedRateLoad {
  private final Vertx clientVertx;
  private final AtomicLong requestIds;

  FixedRateLoad(Vertx clientVertx, AtomicLong requestIds) {
    this.clientVertx = clientVertx;
    this.requestIds = requestIds;
  }

  CellResult run(BenchTarget target, int payloadBytes, AnswerType answer, int ratePerSecond, Duration warmup,
      Duration measure, int connections) throws Exception {
    HttpClientAgent client = clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setPipelining(false))
        .with(new PoolOptions().setHttp1MaxSize(connections))
        .build();
    try {
      Context context = clientVertx.getOrCreateContext();
      RequestOptions options = ToolCallRequests.post(target, "bench-fixed-" + requestIds.incrementAndGet());
      Histogram latencies = LatencyHistograms.create();
      long[] counts = new long[3]; // measured, errors, outstanding (touched on the event loop only)
      CompletableFuture<Void> drained = new CompletableFuture<>();
      boolean[] scheduleDone = {false};
      long period = 1_000_000_000L / ratePerSecond;
      long total = (warmup.toNanos() + measure.toNanos()) / period;
      long start = System.nanoTime() + 20_000_000L;
      long measureStart = start + warmup.toNanos();
      for (long i = 0; i < total; i++) {
        long intended = start + i * period;
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        boolean measured = intended >= measureStart;
        Buffer body = ToolCallRequests.generateText(requestIds.incrementAndGet(), payloadBytes, answer);
        context.runOnContext(v -> {
          counts[2]++;
          client.request(options)
              .compose(request -> request.send(body))
              .compose(response -> response.body().map(answerBody -> response.statusCode() == 200
                  && answerBody.length() > payloadBytes))
              .onComplete(outcome -> {
                long finished = System.nanoTime();
                if (measured) {
                  if (outcome.succeeded() && outcome.result()) {
                    counts[0]++;
                    LatencyHistograms.recordNanos(latencies, finished - intended);
                  } else {
                    counts[1]++;
                  }
                }
                if (--counts[2] == 0 && scheduleDone[0]) {
                  drained.complete(null);
                }
              });
        });
      }
      context.runOnContext(v -> {
        scheduleDone[0] = true;
        if (counts[2] == 0) {
          drained.complete(null);
        }
      });
      drained.get(60, TimeUnit.SECONDS);
      CompletableFuture<CellResult> result = new CompletableFuture<>();
      context.runOnContext(v -> result.complete(new CellResult(target, CellResult.FIXED, payloadBytes, answer,
          ratePerSecond, latencies, counts[0], counts[1], measure.toNanos() / 1e9, Double.NaN, -1)));
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
