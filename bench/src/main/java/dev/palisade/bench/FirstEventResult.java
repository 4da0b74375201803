package dev.palisade.bench;

import org.HdrHistogram.Histogram;

/**
 * Streaming figures of one target: how long a client waits for the first SSE event of a stream whose
 * final event comes {@code finalEventDelayMs} later, and for the whole stream.
 */
record FirstEventResult(BenchTarget target, long finalEventDelayMs, Histogram firstEventMicros,
    Histogram completeMicros, long samples, long errors) {}
