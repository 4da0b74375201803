package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;
import java.util.List;

/**
 * Finds things in a message (injection, secrets, PII, ...) without deciding what to do about them;
 * a {@link Policy} decides. Pure and synchronous, like inspectors.
 */
@FunctionalInterface
public interface Detector {
  List<Finding> detect(Exchange exchange, JsonRpcMessage message);
}
