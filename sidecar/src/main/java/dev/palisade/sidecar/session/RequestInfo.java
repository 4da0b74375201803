package dev.palisade.sidecar.session;

/**
 * What the proxy remembers of a request until its answer passes: the answer is inspected in the
 * context of the request (a {@code tools/list} result is a listing of tool definitions).
 *
 * @param method the request's method
 * @param target tool name, prompt name or resource URI, or {@code null}
 */
public record RequestInfo(String method, String target) {}
