package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;
import java.util.List;

/** The pipeline step that runs a detector and lets a policy decide about its findings. */
public final class DetectionInspector implements Inspector {
  private final Detector detector;
  private final Policy policy;

  public DetectionInspector(Detector detector, Policy policy) {
    this.detector = detector;
    this.policy = policy;
  }

  @Override
  public Verdict inspect(Exchange exchange, JsonRpcMessage message) {
    List<Finding> findings = detector.detect(exchange, message);
    return policy.decide(exchange, message, findings);
  }
}
