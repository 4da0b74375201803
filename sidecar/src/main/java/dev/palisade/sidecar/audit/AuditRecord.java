package dev.palisade.sidecar.audit;

import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Exchange;
import java.time.Instant;

/**
 * One line of the audit log: a decision that was not a plain allow, or a message refused by the
 * proxy itself (malformed, over a limit, header mismatch). Holds no payload and no matched value.
 *
 * @param decision the policy decision, or {@code null} for a proxy-level refusal
 * @param proxyReason why the proxy refused the message, or {@code null}
 */
public record AuditRecord(Instant time, String server, Exchange exchange, Decision decision, String proxyReason) {

  public static AuditRecord of(Exchange exchange, Decision decision) {
    return new AuditRecord(exchange.time(), exchange.server(), exchange, decision, null);
  }

  public static AuditRecord refusal(Instant time, String server, Exchange exchange, String reason) {
    return new AuditRecord(time, server, exchange, null, reason);
  }
}
