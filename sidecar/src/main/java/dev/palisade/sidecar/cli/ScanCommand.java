package dev.palisade.sidecar.cli;

import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.detection.scan.JsonlScanner;
import dev.palisade.inspection.EvidenceFactory;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scan --jsonl}: runs the detection engine over JSON lines without a proxy (SPEC.md). */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Scan JSON lines from standard input ({id, kind: text|tool|message, direction, content}) and write one result line per input line.")
final class ScanCommand implements Callable<Integer> {
  @Option(names = "--jsonl", required = true, description = "Read JSON lines from stdin, write JSON lines to stdout.")
  boolean jsonl;

  @Option(names = "--rules", paramLabel = "DIR", description = "Directory of rule files that override or extend the shipped packs.")
  Path rules;

  @Override
  public Integer call() throws IOException {
    ScanEngine engine = DetectionEngine.scanEngine(rules, ScanLimits.defaults());
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    JsonlScanner scanner = new JsonlScanner(engine, DetectionEngine.messageScanner(engine, new EvidenceFactory(salt)));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        out.write(scanner.scanLine(line));
        out.newLine();
      }
    }
    return 0;
  }
}
