package dev.palisade.mcp;

/** What the codec made of a body: messages, or the JSON-RPC error that rejects it. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Rejected {

  record Parsed(Payload payload) implements ParseResult {}

  /**
   * @param code JSON-RPC error code (-32700 unparseable, -32600 not JSON-RPC, -32051 over a limit)
   * @param reason a short, payload-free explanation safe to return and log
   */
  record Rejected(int code, String reason) implements ParseResult {}
}
