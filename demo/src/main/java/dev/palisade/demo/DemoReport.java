package dev.palisade.demo;

import dev.palisade.demo.agent.Outcome;
import dev.palisade.demo.agent.StepResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Prints the demo for a human: each step as it happens, then a summary and the audit log. */
final class DemoReport {
  private final PrintStream out;
  private int stepNumber;

  DemoReport(PrintStream out) {
    this.out = out;
  }

  void heading(String text) {
    out.println();
    out.println("== " + text);
  }

  void line(String text) {
    out.println("   " + text);
  }

  void step(StepResult result) {
    stepNumber++;
    String verdict = result.observed().outcome().name().replace('_', ' ');
    String mark = result.asExpected() ? "" : "   <-- UNEXPECTED, wanted " + result.step().expected();
    out.printf("%n%3d. %-52s %s%s%n", stepNumber, result.step().title(), verdict, mark);
    out.println("       got: " + result.observed().summary());
    out.println("       why: " + result.step().why());
  }

  void summary(List<StepResult> results) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    results.forEach(r -> counts.merge(r.observed().outcome(), 1, Integer::sum));
    long unexpected = results.stream().filter(r -> !r.asExpected()).count();
    heading("Summary");
    line(results.size() + " steps: " + counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase().replace('_', ' '))
        .reduce((a, b) -> a + ", " + b).orElse("none"));
    line(unexpected == 0 ? "every step behaved as a protected session should"
        : unexpected + " step(s) did NOT behave as expected (marked UNEXPECTED above)");
  }

  void auditLog(Path file, List<String> lines) {
    heading("Audit log: " + file + " (" + lines.size() + " line(s), JSON lines, no payloads)");
    lines.forEach(this::line);
  }
}
