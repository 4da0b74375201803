package dev.palisade.sidecar.control;

import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;

/** Audits as before and also queues every policy decision for the operator; never blocks the caller. */
public final class ReportingAuditLog implements AuditLog {
  private final AuditLog delegate;
  private final ReportBuffer buffer;

  public ReportingAuditLog(AuditLog delegate, ReportBuffer buffer) {
    this.delegate = delegate;
    this.buffer = buffer;
  }

  @Override
  public void record(AuditRecord record) {
    delegate.record(record);
    ReportedViolation violation = ReportedViolation.of(record);
    if (violation != null) {
      buffer.add(violation);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
