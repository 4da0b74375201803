package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;

/**
 * One step of the inspection pipeline. Inspectors are pure and synchronous: they read the message
 * and their own state and return a verdict; the proxy owns I/O and threads. An inspector never
 * modifies the message it is given.
 */
@FunctionalInterface
public interface Inspector {
  Verdict inspect(Exchange exchange, JsonRpcMessage message);
}
