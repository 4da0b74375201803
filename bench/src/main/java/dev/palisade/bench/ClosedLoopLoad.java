package dev.palisade.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code concurrency} simulated clients, each with its own keep-alive
 * connection and session, send a request, wait for the whole answer, and send the next. Requests
 * started during the warmup are not measured. Every callback runs on one client event loop, so the
 * histogram needs no locking. Bounded by time and by a request count; it stops by itself.
 *
 * <p>A closed loop measures the latency a client sees at the throughput it gets; it does not
 * correct for coordinated omission, which is acceptable for comparing configurations side by side.
 */
final class ClosedLoopLoad {
  private final Vertx clientVertx;
  private final AtomicLong requestIds;

  ClosedLoopLoad(Vertx clientVertx, AtomicLong requestIds) {
    this.clientVertx = clientVertx;
    this.requestIds = requestIds;
  }

  CellResult run(BenchTarget target, int payloadBytes, AnswerType answer, int concurrency, Duration warmup,
      Duration measure, long maxRequests) throws Exception {
    HttpClientAgent client = clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setPipelining(false))
        .with(new PoolOptions().setHttp1MaxSize(concurrency))
        .build();
    try {
      Run run = new Run(client, target, payloadBytes, answer, concurrency, warmup, measure, maxRequests);
      Context context = clientVertx.getOrCreateContext();
      context.runOnContext(v -> run.start());
      return run.result.get(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** One cell's load, driven entirely on the client event loop. */
  private final class Run {
    private final HttpClientAgent client;
    private final BenchTarget target;
    private final int payloadBytes;
    private final AnswerType answer;
    private final int concurrency;
    private final long maxRequests;
    private final long measureStart;
    private final long measureEnd;
    private final Histogram latencies = LatencyHistograms.create();
    private final CompletableFuture<CellResult> result = new CompletableFuture<>();
    private long measured;
    private long errors;
    private long lastCompletion;
    private int activeClients;

    Run(HttpClientAgent client, BenchTarget target, int payloadBytes, AnswerType answer, int concurrency,
        Duration warmup, Duration measure, long maxRequests) {
      this.client = client;
      this.target = target;
      this.payloadBytes = payloadBytes;
      this.answer = answer;
      this.concurrency = concurrency;
      this.maxRequests = maxRequests;
      this.measureStart = System.nanoTime() + warmup.toNanos();
      this.measureEnd = measureStart + measure.toNanos();
    }

    void start() {
      activeClients = concurrency;
      long runId = requestIds.incrementAndGet();
      for (int i = 0; i < concurrency; i++) {
        sendNext(ToolCallRequests.post(target, "bench-" + runId + "-" + i));
      }
    }

    private void sendNext(RequestOptions options) {
      long started = System.nanoTime();
      if (started >= measureEnd || measured + errors >= maxRequests) {
        if (--activeClients == 0) {
          double seconds = Math.max(1, lastCompletion - measureStart) / 1e9;
          result.complete(new CellResult(target, payloadBytes, answer, concurrency, latencies, measured, errors, seconds));
        }
        return;
      }
      Buffer body = ToolCallRequests.generateText(requestIds.incrementAndGet(), payloadBytes, answer);
      client.request(options)
          .compose(request -> request.send(body))
          .compose(response -> response.body().map(answerBody -> isExpected(response, answerBody)))
          .onComplete(outcome -> {
            long finished = System.nanoTime();
            if (started >= measureStart) {
              lastCompletion = finished;
              if (outcome.succeeded() && outcome.result()) {
                measured++;
                LatencyHistograms.recordNanos(latencies, finished - started);
              } else {
                errors++;
              }
            }
            sendNext(options);
          });
    }

    /** A blocked or failed call comes back as a short JSON-RPC error, so status and size tell them apart. */
    private boolean isExpected(HttpClientResponse response, Buffer answerBody) {
      return response.statusCode() == 200 && answerBody.length() > payloadBytes
          && response.getHeader("content-type") != null
          && response.getHeader("content-type").startsWith(answer.contentType);
    }
  }
}
