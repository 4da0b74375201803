package dev.palisade.sidecar.config;

import java.time.Duration;

/**
 * Every bound the proxy enforces. Crossing one is answered with a clear HTTP status and JSON-RPC
 * error and counted in the {@code palisade_limit_hits_total} metric.
 *
 * @param maxMessageBytes largest request or JSON response body
 * @param maxSseEventBytes largest single SSE event
 * @param maxHeaderBytes largest request header block
 * @param maxNestingDepth deepest JSON nesting
 * @param maxBatchSize most messages in one JSON-RPC batch
 * @param maxOpenStreams most concurrently open SSE streams through this sidecar
 * @param bodyReadTimeout time a client has to send its whole request body (slow clients), and a new
 *     connection to send its first request head (slowloris)
 * @param responseTimeout time the upstream has to answer a POST with headers and, for JSON, its body
 * @param streamIdleTimeout longest silence on an SSE stream before it is closed; zero disables
 * @param clientIdleTimeout idle time after which a client connection is closed
 * @param connectTimeout time to open a connection to the upstream
 */
public record ProxyLimits(
    int maxMessageBytes,
    int maxSseEventBytes,
    int maxHeaderBytes,
    int maxNestingDepth,
    int maxBatchSize,
    int maxOpenStreams,
    Duration bodyReadTimeout,
    Duration responseTimeout,
    Duration streamIdleTimeout,
    Duration clientIdleTimeout,
    Duration connectTimeout) {

  public static final ProxyLimits DEFAULTS = new ProxyLimits(
      4 * 1024 * 1024,
      4 * 1024 * 1024,
      16 * 1024,
      64,
      256,
      4096,
      Duration.ofSeconds(30),
      Duration.ofSeconds(300),
      Duration.ofMinutes(10),
      Duration.ofMinutes(5),
      Duration.ofSeconds(10));

  public ProxyLimits withMaxMessageBytes(int bytes) {
    return new ProxyLimits(bytes, maxSseEventBytes, maxHeaderBytes, maxNestingDepth, maxBatchSize, maxOpenStreams,
        bodyReadTimeout, responseTimeout, streamIdleTimeout, clientIdleTimeout, connectTimeout);
  }

  public ProxyLimits withMaxSseEventBytes(int bytes) {
    return new ProxyLimits(maxMessageBytes, bytes, maxHeaderBytes, maxNestingDepth, maxBatchSize, maxOpenStreams,
        bodyReadTimeout, responseTimeout, streamIdleTimeout, clientIdleTimeout, connectTimeout);
  }

  public ProxyLimits withMaxOpenStreams(int streams) {
    return new ProxyLimits(maxMessageBytes, maxSseEventBytes, maxHeaderBytes, maxNestingDepth, maxBatchSize, streams,
        bodyReadTimeout, responseTimeout, streamIdleTimeout, clientIdleTimeout, connectTimeout);
  }

  public ProxyLimits withTimeouts(Duration bodyRead, Duration response, Duration streamIdle) {
    return new ProxyLimits(maxMessageBytes, maxSseEventBytes, maxHeaderBytes, maxNestingDepth, maxBatchSize,
        maxOpenStreams, bodyRead, response, streamIdle, clientIdleTimeout, connectTimeout);
  }
}
