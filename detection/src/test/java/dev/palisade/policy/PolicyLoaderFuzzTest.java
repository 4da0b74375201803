package dev.palisade.policy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the policy loader: whatever the text, the only failure it may report
 * is a {@link PolicyException} (which names the source and field). Anything else escaping would
 * crash a live reload instead of rejecting the change.
 */
class PolicyLoaderFuzzTest {
  private final PolicyLoader loader = new PolicyLoader();

  @FuzzTest(maxDuration = "10s")
  void parseFailsOnlyWithPolicyException(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      loader.parse("fuzz.yaml", yaml);
    } catch (PolicyException expected) {
      // a clear, attributed rejection is the only acceptable failure
    }
  }
}
