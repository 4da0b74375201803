package dev.palisade.operator.violation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crds.mcpviolation.McpViolation;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest report sequence of each sidecar already counted in one McpViolation, kept in an
 * annotation of that object. Because the mark travels in the same update as the count, a report
 * retried after any failure (lost answer, operator restart mid-report) is counted exactly once per
 * violation. At most {@value #MAX_SIDECARS} sidecars are remembered, the least recently reporting
 * forgotten first.
 */
public final class ReportMarks {
  public static final String ANNOTATION = "palisade.dev/report-marks";
  static final int MAX_SIDECARS = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One sidecar report: the sidecar instance and its report sequence number (from 1, strictly increasing). */
  public record Origin(String sidecar, long sequence) {}

  private final LinkedHashMap<String, Long> marks;

  private ReportMarks(LinkedHashMap<String, Long> marks) {
    this.marks = marks;
  }

  public static ReportMarks empty() {
    return new ReportMarks(new LinkedHashMap<>());
  }

  public static ReportMarks of(McpViolation violation) {
    Map<String, String> annotations = violation.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(ANNOTATION);
    if (text == null || text.isBlank()) {
      return empty();
    }
    try {
      return new ReportMarks(JSON.readValue(text, new TypeReference<LinkedHashMap<String, Long>>() {}));
    } catch (JsonProcessingException e) {
      return empty(); // someone edited it by hand: counting a retry twice beats refusing every report
    }
  }

  public boolean applied(Origin origin) {
    Long mark = marks.get(origin.sidecar());
    return mark != null && mark >= origin.sequence();
  }

  public ReportMarks with(Origin origin) {
    LinkedHashMap<String, Long> next = new LinkedHashMap<>(marks);
    next.remove(origin.sidecar());
    next.put(origin.sidecar(), Math.max(origin.sequence(), marks.getOrDefault(origin.sidecar(), 0L)));
    while (next.size() > MAX_SIDECARS) {
      next.remove(next.keySet().iterator().next());
    }
    return new ReportMarks(next);
  }

  public void writeTo(McpViolation violation) {
    Map<String, String> annotations = violation.getMetadata().getAnnotations() == null
        ? new HashMap<>() : new HashMap<>(violation.getMetadata().getAnnotations());
    try {
      annotations.put(ANNOTATION, JSON.writeValueAsString(marks));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings to numbers is always JSON", e);
    }
    violation.getMetadata().setAnnotations(annotations);
  }
}
