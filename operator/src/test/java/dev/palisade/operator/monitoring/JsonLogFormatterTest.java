package dev.palisade.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void oneParsableObjectPerLineWhateverTheMessageHolds() throws Exception {
    LogRecord record = new LogRecord(Level.WARNING, "violation created name={0} note=\"{1}\"");
    record.setParameters(new Object[] {"weather-1", "line1\nline2\t\\ \u0001 \u2028"});
    record.setLoggerName("dev.palisade.operator.violation.ViolationWriter");
    record.setMillis(1_772_366_400_000L);
    record.setThrown(new IllegalStateException("boom"));

    String line = new JsonLogFormatter().format(record);

    assertThat(line).endsWith("}\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\u2028");
    JsonNode parsed = json.readTree(line);
    assertThat(parsed.get("ts").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(parsed.get("level").asText()).isEqualTo("WARN");
    assertThat(parsed.get("logger").asText()).isEqualTo("dev.palisade.operator.violation.ViolationWriter");
    assertThat(parsed.get("msg").asText()).isEqualTo("violation created name=weather-1 note=\"line1\nline2\t\\ \u0001 \u2028\"");
    assertThat(parsed.get("error").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(parsed.has("thread")).isTrue();
  }

  @Test
  void levelsUseSlf4jNames() throws Exception {
    assertThat(level(Level.SEVERE)).isEqualTo("ERROR");
    assertThat(level(Level.INFO)).isEqualTo("INFO");
    assertThat(level(Level.FINE)).isEqualTo("DEBUG");
    assertThat(level(Level.FINEST)).isEqualTo("TRACE");
  }

  private String level(Level level) throws Exception {
    return json.readTree(new JsonLogFormatter().format(new LogRecord(level, "x"))).get("level").asText();
  }
}
