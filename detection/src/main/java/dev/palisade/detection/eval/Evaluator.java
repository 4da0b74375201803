package dev.palisade.detection.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.Match;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.detection.scan.JsonlScanner;
import dev.palisade.inspection.EvidenceFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the engine on labelled data and prints recall, precision and false-positive rate per
 * category and type, per source, plus agreement with Presidio's recognizer cases for the PII types
 * Palisade implements. Run: {@code java -jar palisade-sidecar.jar evaluate [--corpora DIR]}.
 */
public final class Evaluator {
  /** Presidio recognizer test files whose semantics match a Palisade PII type. */
  private static final Map<String, String> PRESIDIO_TYPES = Map.ofEntries(
      Map.entry("test_aba_routing_recognizer.py", "aba_routing"),
      Map.entry("test_ca_sin_recognizer.py", "ca_sin"),
      Map.entry("test_credit_card_recognizer.py", "credit_card"),
      Map.entry("test_crypto_recognizer.py", "crypto_wallet"),
      Map.entry("test_email_recognizer.py", "email"),
      Map.entry("test_iban_recognizer.py", "iban"),
      Map.entry("test_ip_recognizer.py", "ip_address"),
      Map.entry("test_mac_recognizer.py", "mac_address"),
      Map.entry("test_phone_recognizer.py", "phone_number"),
      Map.entry("test_uk_nhs_recognizer.py", "uk_nhs"),
      Map.entry("test_uk_nino_recognizer.py", "uk_nino"),
      Map.entry("test_us_itin_recognizer.py", "us_itin"),
      Map.entry("test_us_ssn_recognizer.py", "us_ssn"));

  private final ScanEngine engine;
  private final JsonlScanner scanner;
  private final ObjectMapper mapper = new ObjectMapper();

  public Evaluator(ScanEngine engine, JsonlScanner scanner) {
    this.engine = engine;
    this.scanner = scanner;
  }

  public static void main(String[] args) throws IOException {
    Path corpora = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--corpora") && i + 1 < args.length) {
        corpora = Path.of(args[++i]);
      }
    }
    ScanEngine engine = DetectionEngine.scanEngine(null, ScanLimits.defaults());
    EvidenceFactory evidence = new EvidenceFactory(new byte[32]);
    JsonlScanner scanner = new JsonlScanner(engine, DetectionEngine.messageScanner(engine, evidence));
    new Evaluator(engine, scanner).run(corpora, System.out);
  }

  /** Scores project cases and, when the directory exists, the corpora in it. Returns 0. */
  public int run(Path corpora, PrintStream out) throws IOException {
    CorpusReader reader = new CorpusReader();
    List<LabelledCase> cases = new java.util.ArrayList<>(reader.projectCases());
    boolean withCorpora = corpora != null && Files.isDirectory(corpora);
    if (withCorpora) {
      cases.addAll(reader.corpora(corpora));
    }
    Map<String, Tally> bySource = new TreeMap<>();
    Map<String, Tally> byCategory = new TreeMap<>();
    for (LabelledCase labelled : cases) {
      List<ObjectNode> findings = scanner.findings(labelled.line());
      if (labelled.positive() != null) {
        boolean found = findings.stream().anyMatch(f -> f.path("category").asText().equals(labelled.positive()));
        String key = labelled.positive();
        count(byCategory, key, found, true);
        count(bySource, labelled.source() + " | " + key, found, true);
        if (labelled.type() != null) {
          boolean typed = findings.stream().anyMatch(f -> f.path("category").asText().equals(labelled.positive())
              && f.path("type").asText().equals(labelled.type()));
          count(byCategory, key + "/" + labelled.type(), typed, true);
        }
      } else {
        for (String category : labelled.scope()) {
          boolean flagged = findings.stream().anyMatch(f -> f.path("category").asText().equals(category));
          count(byCategory, category, flagged, false);
          count(bySource, labelled.source() + " | " + category, flagged, false);
        }
      }
    }
    out.println("Palisade detection evaluation (" + engine.rules().size() + " rules" + (withCorpora ? ", corpora " + corpora : ", project cases only") + ")");
    out.println();
    table(out, "category / type", byCategory);
    out.println();
    table(out, "source | category", bySource);
    if (withCorpora) {
      presidio(corpora.resolve("pii_presidio_recognizer_cases.jsonl"), out);
    }
    return 0;
  }

  private static void count(Map<String, Tally> tallies, String key, boolean flagged, boolean positive) {
    Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
    if (positive) {
      if (flagged) {
        tally.truePositives++;
      } else {
        tally.falseNegatives++;
      }
    } else if (flagged) {
      tally.falsePositives++;
    } else {
      tally.trueNegatives++;
    }
  }

  private static void table(PrintStream out, String title, Map<String, Tally> tallies) {
    out.printf(Locale.ROOT, "| %-58s | %5s | %5s | %5s | %5s | %7s | %9s | %7s |%n", title, "TP", "FN", "FP", "TN", "recall", "precision", "FP rate");
    out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(60), "-".repeat(7), "-".repeat(7), "-".repeat(7), "-".repeat(7), "-".repeat(9), "-".repeat(11), "-".repeat(9));
    tallies.forEach((key, t) -> out.printf(Locale.ROOT, "| %-58s | %5d | %5d | %5d | %5d | %7s | %9s | %7s |%n", key,
        t.truePositives, t.falseNegatives, t.falsePositives, t.trueNegatives, percent(t.recall()), percent(t.precision()), percent(t.falsePositiveRate())));
  }

  private static String percent(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", value * 100);
  }

  /** Agreement with Presidio: a case agrees when Palisade reports exactly the expected number of that type. */
  private void presidio(Path file, PrintStream out) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Map<String, int[]> agreement = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode item = mapper.readTree(line);
      String type = PRESIDIO_TYPES.get(item.path("source_file").asText());
      if (type == null) {
        continue;
      }
      long count = 0;
      for (Match match : engine.scan(item.path("text").asText())) {
        if (match.rule().type().equals(type)) {
          count++;
        }
      }
      int[] tally = agreement.computeIfAbsent(type, k -> new int[2]);
      tally[count == item.path("expected_count").asInt() ? 0 : 1]++;
    }
    out.println();
    out.printf(Locale.ROOT, "| %-16s | %6s | %8s | %9s |%n", "presidio type", "agree", "disagree", "agreement");
    out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(18), "-".repeat(8), "-".repeat(10), "-".repeat(11));
    int agree = 0;
    int total = 0;
    for (Map.Entry<String, int[]> entry : agreement.entrySet()) {
      int[] t = entry.getValue();
      agree += t[0];
      total += t[0] + t[1];
      out.printf(Locale.ROOT, "| %-16s | %6d | %8d | %9s |%n", entry.getKey(), t[0], t[1], percent((double) t[0] / (t[0] + t[1])));
    }
    out.printf(Locale.ROOT, "| %-16s | %6d | %8d | %9s |%n", "all", agree, total - agree, percent(total == 0 ? Double.NaN : (double) agree / total));
  }

  static Set<String> categories() {
    return CorpusReader.ALL;
  }
}
