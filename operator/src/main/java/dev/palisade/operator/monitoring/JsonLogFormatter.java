package dev.palisade.operator.monitoring;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line for java.util.logging (the operator logs through slf4j-jdk14):
 * {@code {"ts","level","logger","thread","msg"[,"error"]}}. Log aggregators read it without a
 * parser per format; the messages themselves never carry payloads or secrets (house rule 8).
 */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(256).append('{');
    field(line, "ts", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
    field(line, "level", level(record.getLevel())).append(',');
    field(line, "logger", record.getLoggerName() == null ? "" : record.getLoggerName()).append(',');
    field(line, "thread", Thread.currentThread().getName()).append(',');
    field(line, "msg", formatMessage(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(',');
      field(line, "error", trace.toString());
    }
    return line.append("}\n").toString();
  }

  /** slf4j's names for JUL's levels, so the field reads the same as the source code's calls. */
  private static String level(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  private static StringBuilder field(StringBuilder line, String name, String value) {
    line.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    return line.append('"');
  }
}
