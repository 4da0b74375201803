package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;
import java.util.List;

/** Decides what happens to a message given what the detectors found in it. */
@FunctionalInterface
public interface Policy {
  /** Decisions for the findings (a policy may also add decisions of its own, e.g. rate limits). */
  Verdict decide(Exchange exchange, JsonRpcMessage message, List<Finding> findings);
}
