package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.metrics.SidecarMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes client connections that take too long to send a request head (slowloris). Vert.x's idle
 * timeout alone does not help: a client that drips one header byte at a time is never idle.
 *
 * <p>A new connection has {@code firstHead} to deliver a complete request head; once every request
 * on it has been answered, it has {@code nextHead} (the keep-alive idle allowance) to deliver the
 * next one. While a request is in flight (a long SSE answer, say) no deadline runs. One periodic
 * sweep per listener checks the deadlines, rather than a timer per connection. One instance per
 * listener, used only from that listener's event loop, so plain fields suffice.
 */
final class RequestHeadDeadline {
  private final long firstHeadNanos;
  private final long nextHeadNanos;
  private final SidecarMetrics metrics;
  private final Map<HttpConnection, ConnectionState> connections = new HashMap<>();

  private static final class ConnectionState {
    long deadline;
    int inFlight;
  }

  RequestHeadDeadline(Duration firstHead, Duration nextHead, SidecarMetrics metrics) {
    this.firstHeadNanos = Math.max(1, firstHead.toNanos());
    this.nextHeadNanos = Math.max(1, nextHead.toNanos());
    this.metrics = metrics;
  }

  /** Starts the sweep on the caller's context (the listener's verticle, which cancels it on undeploy). */
  void start(Vertx vertx) {
    long every = Math.min(1000, Math.max(10, Math.min(firstHeadNanos, nextHeadNanos) / 4_000_000));
    vertx.setPeriodic(every, id -> sweep(System.nanoTime()));
  }

  /** For {@code HttpServer.connectionHandler}: starts the first deadline. */
  void onConnection(HttpConnection connection) {
    ConnectionState state = new ConnectionState();
    state.deadline = System.nanoTime() + firstHeadNanos;
    connections.put(connection, state);
    connection.closeHandler(v -> connections.remove(connection));
  }

  /** Wraps the request handler: a complete head stops the deadline, the end of the last answer restarts it. */
  Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      ConnectionState state = connections.get(request.connection());
      if (state != null) {
        state.inFlight++;
        request.response().endHandler(v -> {
          if (--state.inFlight == 0) {
            state.deadline = System.nanoTime() + nextHeadNanos;
          }
        });
      }
      next.handle(request);
    };
  }

  private void sweep(long now) {
    List<HttpConnection> late = null;
    for (Map.Entry<HttpConnection, ConnectionState> entry : connections.entrySet()) {
      ConnectionState state = entry.getValue();
      if (state.inFlight == 0 && now - state.deadline > 0) {
        late = late == null ? new ArrayList<>() : late;
        late.add(entry.getKey());
      }
    }
    if (late != null) {
      for (HttpConnection connection : late) {
        connections.remove(connection);
        metrics.limitHit("request_head_timeout");
        connection.close();
      }
    }
  }
}
