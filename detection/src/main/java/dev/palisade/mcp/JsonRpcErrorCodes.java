package dev.palisade.mcp;

/** JSON-RPC error codes: the standard ones, MCP's, and the implementation-defined ones Palisade answers with. */
public final class JsonRpcErrorCodes {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /**
   * MCP 2026-07-28 {@code HeaderMismatch}: the routing headers disagree with the body. (Drafts of
   * the revision used -32001; the published revision renumbered it to -32020.)
   */
  public static final int HEADER_MISMATCH = -32020;

  /** Palisade: a policy blocked the message. */
  public static final int BLOCKED_BY_POLICY = -32050;
  /** Palisade: a size, depth, time or stream limit was crossed. */
  public static final int LIMIT_EXCEEDED = -32051;
  /** Palisade: the upstream MCP server could not be reached or failed mid-answer. */
  public static final int UPSTREAM_UNAVAILABLE = -32052;
  /** Palisade: the message could not be inspected, so it was not passed on (fail closed). */
  public static final int INSPECTION_FAILED = -32053;
  /** Palisade: a rate limit was exceeded. */
  public static final int RATE_LIMITED = -32054;

  private JsonRpcErrorCodes() {}
}
