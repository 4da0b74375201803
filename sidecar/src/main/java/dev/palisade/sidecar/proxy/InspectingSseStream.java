package dev.palisade.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import dev.palisade.sidecar.sse.SseEvent;
import dev.palisade.sidecar.sse.SseEventParser;
import java.time.Duration;
import java.util.List;

/**
 * A {@code text/event-stream} body that is parsed and inspected event by event as it streams. Each
 * complete event is passed on (as its original bytes, rewritten, or not at all) as soon as it is
 * complete; flow control is the upstream's, so a client that stops reading stops the upstream too.
 *
 * <p>The stream never tears: when the upstream fails, stalls past its idle timeout, sends an event
 * over the size limit or ends mid-event, the unscanned remainder is discarded, the requests of this
 * exchange still waiting for an answer get JSON-RPC errors as final events, and the stream ends.
 */
final class InspectingSseStream implements ReadStream<Buffer> {

  /** Decides what becomes of each event; all calls happen on the stream's event loop. */
  interface EventHandler {
    /** Bytes to emit for this event, or {@code null} to emit nothing. */
    byte[] onEvent(SseEvent event);

    /** Final bytes to emit when the stream breaks (errors for unanswered requests), or {@code null}. */
    byte[] onBreak(StreamBreak reason);

    /** The stream is over, whichever way it ended. */
    void onClose();
  }

  enum StreamBreak {
    UPSTREAM_FAILED("upstream_reset"),
    UPSTREAM_IDLE("stream_idle"),
    TRUNCATED("truncated"),
    EVENT_TOO_LARGE("sse_event_size");

    final String metric;

    StreamBreak(String metric) {
      this.metric = metric;
    }
  }

  private final ReadStream<Buffer> upstream;
  private final SseEventParser parser;
  private final EventHandler events;
  private final Runnable abortUpstream;
  private final Vertx vertx;
  private final long idleMillis;
  private long idleTimer = -1;
  private long lastChunkNanos = System.nanoTime();
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private boolean ended;

  /**
   * @param idleTimeout longest silence from the upstream before the stream is broken off; zero for
   *     none. The HTTP client's own idle timeout does not cover a response that has started (found
   *     by HostileInputIT: a stalled upstream held the stream open forever).
   */
  InspectingSseStream(Vertx vertx, ReadStream<Buffer> upstream, int maxEventBytes, Duration idleTimeout,
      EventHandler events, Runnable abortUpstream) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.parser = new SseEventParser(maxEventBytes);
    this.events = events;
    this.abortUpstream = abortUpstream;
    this.idleMillis = idleTimeout.toMillis();
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    if (handler == null) {
      upstream.handler(null);
      return this;
    }
    upstream.handler(this::onChunk);
    upstream.endHandler(v -> onUpstreamEnd());
    upstream.exceptionHandler(this::onUpstreamFailure);
    armIdleTimer(idleMillis);
    return this;
  }

  /**
   * One timer per stream, not one per chunk: when it fires it re-arms for the rest of the window if
   * a chunk arrived meanwhile, so a busy stream costs no timer churn.
   */
  private void armIdleTimer(long millis) {
    if (idleMillis <= 0 || ended) {
      return;
    }
    idleTimer = vertx.setTimer(Math.max(1, millis), id -> {
      idleTimer = -1;
      long silentMillis = (System.nanoTime() - lastChunkNanos) / 1_000_000;
      if (silentMillis < idleMillis) {
        armIdleTimer(idleMillis - silentMillis);
        return;
      }
      finish(StreamBreak.UPSTREAM_IDLE); // before the abort, whose failure callback would end the stream first
      abortUpstream.run();
    });
  }

  private void onChunk(Buffer chunk) {
    if (ended) {
      return;
    }
    lastChunkNanos = System.nanoTime();
    List<SseEvent> complete = parser.feed(chunk.getBytes());
    Buffer out = null;
    for (SseEvent event : complete) {
      byte[] bytes = events.onEvent(event);
      if (bytes != null && bytes.length > 0) {
        out = out == null ? Buffer.buffer(bytes) : out.appendBytes(bytes);
      }
    }
    if (out != null) {
      dataHandler.handle(out);
    }
    if (parser.overflowed()) {
      finish(StreamBreak.EVENT_TOO_LARGE); // before the abort, whose failure callback would end the stream first
      abortUpstream.run();
    }
  }

  private void onUpstreamEnd() {
    finish(parser.hasPartialEvent() ? StreamBreak.TRUNCATED : null);
  }

  private void onUpstreamFailure(Throwable failure) {
    finish(StreamBreak.UPSTREAM_FAILED);
  }

  private void finish(StreamBreak reason) {
    if (ended) {
      return;
    }
    ended = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    if (reason != null) {
      byte[] last = events.onBreak(reason);
      if (last != null && last.length > 0 && dataHandler != null) {
        dataHandler.handle(Buffer.buffer(last));
      }
    }
    events.onClose();
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  /** Failures end the stream cleanly (see the class comment) instead of surfacing as exceptions. */
  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    upstream.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    upstream.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    upstream.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }
}
