package dev.palisade.sidecar.audit;

/** Where audit records go. Implementations must not block the caller (an event loop). */
public interface AuditLog extends AutoCloseable {
  void record(AuditRecord record);

  @Override
  void close();
}
