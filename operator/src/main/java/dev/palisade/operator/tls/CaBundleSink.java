package dev.palisade.operator.tls;

/** Somewhere the operator's CA bundle must be for clients to trust it; publishing is idempotent. */
public interface CaBundleSink {
  void publish(CaBundle bundle);
}
