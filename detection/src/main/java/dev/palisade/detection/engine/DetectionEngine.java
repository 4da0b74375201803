package dev.palisade.detection.engine;

import dev.palisade.detection.normalize.PayloadDecoder;
import dev.palisade.detection.normalize.TextNormalizer;
import dev.palisade.detection.rules.RulePackLoader;
import dev.palisade.detection.rules.RuleSet;
import dev.palisade.detection.validate.Validators;
import dev.palisade.inspection.EvidenceFactory;
import java.nio.file.Path;

/** Assembles the engine from rule packs: the one place that wires loader, validators, normaliser and decoder. */
public final class DetectionEngine {
  private DetectionEngine() {}

  /** A scan engine over the shipped rule packs, overridden by {@code ruleDirectory} when not null. */
  public static ScanEngine scanEngine(Path ruleDirectory, ScanLimits limits) {
    Validators validators = Validators.builtin();
    RuleSet rules = new RulePackLoader(validators).load(ruleDirectory);
    return new ScanEngine(rules, validators, new TextNormalizer(), new PayloadDecoder(), limits);
  }

  /** The message detector the sidecar plugs into its pipeline. */
  public static MessageScanner messageScanner(ScanEngine engine, EvidenceFactory evidence) {
    return new MessageScanner(engine, evidence, new ToolNameCatalog(), ScanLimits.defaults());
  }
}
