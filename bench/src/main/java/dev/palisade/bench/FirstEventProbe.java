package dev.palisade.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Measures time to first SSE event: one client calls {@code stream_slowly} again and again, and
 * notes when the first body bytes (the progress event the upstream sends at once) arrive and when
 * the stream ends. A proxy that buffered the stream would show the final event's delay here.
 */
final class FirstEventProbe {
  private final Vertx clientVertx;
  private final AtomicLong requestIds;

  FirstEventProbe(Vertx clientVertx, AtomicLong requestIds) {
    this.clientVertx = clientVertx;
    this.requestIds = requestIds;
  }

  FirstEventResult run(BenchTarget target, int warmupSamples, int samples, long finalEventDelayMs) throws Exception {
    HttpClientAgent client = clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(1))
        .build();
    try {
      Probe probe = new Probe(client, target, warmupSamples, samples, finalEventDelayMs);
      Context context = clientVertx.getOrCreateContext();
      context.runOnContext(v -> probe.next());
      long bound = (warmupSamples + samples) * (finalEventDelayMs + 1_000) / 1_000 + 30;
      return probe.result.get(bound, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Sequential samples on the client event loop. */
  private final class Probe {
    private final HttpClientAgent client;
    private final BenchTarget target;
    private final RequestOptions options;
    private final int warmupSamples;
    private final int samples;
    private final long delayMs;
    private final Histogram firstEvent = LatencyHistograms.create();
    private final Histogram complete = LatencyHistograms.create();
    private final CompletableFuture<FirstEventResult> result = new CompletableFuture<>();
    private int taken;
    private long errors;

    Probe(HttpClientAgent client, BenchTarget target, int warmupSamples, int samples, long delayMs) {
      this.client = client;
      this.target = target;
      this.options = ToolCallRequests.post(target, "bench-stream-" + requestIds.incrementAndGet());
      this.warmupSamples = warmupSamples;
      this.samples = samples;
      this.delayMs = delayMs;
    }

    void next() {
      if (taken == warmupSamples + samples) {
        result.complete(new FirstEventResult(target, delayMs, firstEvent, complete, samples - errors, errors));
        return;
      }
      boolean measured = taken++ >= warmupSamples;
      long started = System.nanoTime();
      client.request(options)
          .compose(request -> request.send(ToolCallRequests.streamSlowly(requestIds.incrementAndGet(), delayMs)))
          .onSuccess(response -> read(response, started, measured))
          .onFailure(failure -> failed(measured));
    }

    private void read(HttpClientResponse response, long started, boolean measured) {
      long[] firstBytes = {0};
      response.handler(chunk -> {
        if (firstBytes[0] == 0) {
          firstBytes[0] = System.nanoTime();
        }
      });
      boolean[] finished = {false};
      response.exceptionHandler(failure -> {
        if (!finished[0]) {
          finished[0] = true;
          failed(measured);
        }
      });
      response.endHandler(v -> {
        long ended = System.nanoTime();
        if (finished[0]) {
          return;
        }
        finished[0] = true;
        if (!measured) {
          next();
        } else if (response.statusCode() != 200 || firstBytes[0] == 0) {
          failed(true);
        } else {
          LatencyHistograms.recordNanos(firstEvent, firstBytes[0] - started);
          LatencyHistograms.recordNanos(complete, ended - started);
          next();
        }
      });
    }

    private void failed(boolean measured) {
      if (measured) {
        errors++;
      }
      next();
    }
  }
}
