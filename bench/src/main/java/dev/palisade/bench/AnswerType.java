package dev.palisade.bench;

/** How the upstream answers a {@code tools/call}: one JSON document, or an SSE stream carrying it as one event. */
enum AnswerType {
  JSON("json", "application/json"),
  SSE("sse", "text/event-stream");

  /** The value of the tool's {@code answer} argument that asks for this type. */
  final String argument;
  final String contentType;

  AnswerType(String argument, String contentType) {
    this.argument = argument;
    this.contentType = contentType;
  }

  static AnswerType fromArgument(String argument) {
    return SSE.argument.equals(argument) ? SSE : JSON;
  }
}
