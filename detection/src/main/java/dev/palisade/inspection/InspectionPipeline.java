package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inspectors in order over one message and applies the strongest verdict: block the
 * message, or rewrite it (mask redacted spans, withhold blocked tools from a list), or pass it.
 *
 * <p>An inspector that throws blocks the message (fail closed) unless the pipeline was built to
 * fail open; either way the failure is counted and logged without the payload.
 */
public final class InspectionPipeline {
  private static final Logger log = LoggerFactory.getLogger(InspectionPipeline.class);

  private final List<Inspector> inspectors;
  private final MessageRewriter rewriter;
  private final boolean failOpen;

  public InspectionPipeline(List<Inspector> inspectors, boolean failOpen) {
    this.inspectors = List.copyOf(inspectors);
    this.rewriter = new MessageRewriter();
    this.failOpen = failOpen;
  }

  public InspectionOutcome inspect(Exchange exchange, JsonRpcMessage message) {
    Verdict verdict = Verdict.allow();
    for (Inspector inspector : inspectors) {
      try {
        verdict = verdict.and(inspector.inspect(exchange, message));
      } catch (RuntimeException e) {
        log.error("inspector {} failed on method={} server={}: {}", inspector.getClass().getSimpleName(),
            exchange.method(), exchange.server(), e.toString());
        if (!failOpen) {
          return new InspectionOutcome(Action.BLOCK, message, false, verdict, "message could not be inspected");
        }
      }
    }
    return rewriter.apply(exchange, message, verdict);
  }
}
