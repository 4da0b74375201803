package dev.palisade.detection.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.detection.scan.JsonlScanner;
import dev.palisade.inspection.EvidenceFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The project's own labelled set ({@code config/eval/cases.jsonl}) as a regression suite: every
 * poisoned case is found in its category and no hard negative is flagged in the categories it is a
 * negative for, so a rule change that loses a class of attack, or starts flagging an ordinary tool,
 * fails the build rather than only lowering a figure in the evaluation.
 */
class ProjectCasesTest {
  @Test
  void everyLabelledCaseIsScoredAsLabelled() throws Exception {
    ScanEngine engine = DetectionEngine.scanEngine(null, ScanLimits.defaults());
    JsonlScanner scanner = new JsonlScanner(engine, DetectionEngine.messageScanner(engine, new EvidenceFactory(new byte[32])));
    List<LabelledCase> cases = new CorpusReader().projectCases();
    assertThat(cases).as("config/eval/cases.jsonl on the class path").hasSizeGreaterThan(90);
    List<String> wrong = new ArrayList<>();
    for (LabelledCase labelled : cases) {
      List<ObjectNode> findings = scanner.findings(labelled.line());
      String id = labelled.line().path("id").asText();
      if (labelled.positive() != null) {
        if (findings.stream().noneMatch(f -> f.path("category").asText().equals(labelled.positive()))) {
          wrong.add(id + ": no " + labelled.positive() + " finding");
        }
      } else {
        for (ObjectNode finding : findings) {
          if (labelled.scope().contains(finding.path("category").asText())) {
            wrong.add(id + ": flagged by " + finding.path("rule").asText());
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
