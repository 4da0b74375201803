package dev.palisade.sidecar.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * Reads a whole body into memory under a byte limit and a deadline. Crossing either fails the future
 * with {@link LimitExceeded} and stops reading, so a hostile peer can neither grow memory without
 * bound nor hold a request open forever.
 */
final class BodyCollector {
  private BodyCollector() {}

  /**
   * @param name limit label prefix, {@code request} or {@code response}
   * @param deadline total time allowed for the body; zero for none
   */
  static Future<Buffer> collect(Vertx vertx, ReadStream<Buffer> stream, long declaredLength, int maxBytes,
      Duration deadline, String name) {
    Promise<Buffer> promise = Promise.promise();
    if (declaredLength > maxBytes) {
      stream.resume(); // let the connection drain or close; we answer without reading
      promise.fail(new LimitExceeded(name + "_body_size", 413, name + " body larger than " + maxBytes + " bytes"));
      return promise.future();
    }
    Chunks body = new Chunks(declaredLength);
    long timer = deadline.isZero() ? -1 : vertx.setTimer(deadline.toMillis(), id -> {
      if (promise.tryFail(new LimitExceeded(name + "_body_timeout", 408, name + " body not received within " + deadline.toSeconds() + "s"))) {
        stream.handler(null);
      }
    });
    stream.exceptionHandler(error -> {
      cancel(vertx, timer);
      promise.tryFail(error);
    });
    stream.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        cancel(vertx, timer);
        stream.handler(null);
        promise.tryFail(new LimitExceeded(name + "_body_size", 413, name + " body larger than " + maxBytes + " bytes"));
        return;
      }
      body.append(chunk);
    });
    stream.endHandler(v -> {
      cancel(vertx, timer);
      promise.tryComplete(body.whole());
    });
    stream.resume();
    return promise.future();
  }

  /**
   * The chunks of a body so far. Most bodies arrive in one chunk, which Vert.x hands over as a buffer
   * of its own: that one is kept as it is; only a second chunk starts a copy.
   */
  private static final class Chunks {
    private final long declaredLength;
    private Buffer first;
    private Buffer joined;

    Chunks(long declaredLength) {
      this.declaredLength = declaredLength;
    }

    int length() {
      return joined != null ? joined.length() : first != null ? first.length() : 0;
    }

    void append(Buffer chunk) {
      if (joined != null) {
        joined.appendBuffer(chunk);
      } else if (first == null) {
        first = chunk;
      } else {
        joined = Buffer.buffer((int) Math.max(declaredLength, first.length() + (long) chunk.length()));
        joined.appendBuffer(first).appendBuffer(chunk);
        first = null;
      }
    }

    Buffer whole() {
      return joined != null ? joined : first != null ? first : Buffer.buffer();
    }
  }

  private static void cancel(Vertx vertx, long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
