package dev.palisade.sidecar.cli;

import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.detection.eval.Evaluator;
import dev.palisade.detection.scan.JsonlScanner;
import dev.palisade.inspection.EvidenceFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: precision, recall and false-positive rate on labelled cases. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score the detection engine on the project's labelled cases and, when given, a corpora directory (see its README).")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--corpora", paramLabel = "DIR", description = "Directory of labelled corpora, e.g. ../shared/corpora.")
  Path corpora;

  @Option(names = "--rules", paramLabel = "DIR", description = "Directory of rule files that override or extend the shipped packs.")
  Path rules;

  @Override
  public Integer call() throws IOException {
    ScanEngine engine = DetectionEngine.scanEngine(rules, ScanLimits.defaults());
    JsonlScanner scanner = new JsonlScanner(engine, DetectionEngine.messageScanner(engine, new EvidenceFactory(new byte[32])));
    return new Evaluator(engine, scanner).run(corpora, System.out);
  }
}
