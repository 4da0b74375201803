package dev.palisade.inspection;

/**
 * What a policy decided about one finding.
 *
 * @param finding the finding
 * @param action the action the policy asks for
 * @param policy name of the policy that decided (e.g. {@code builtin-default})
 * @param policyRule name of the policy rule that matched, or {@code default}
 * @param enforced false when the policy is in monitor mode: recorded, not applied
 */
public record Decision(Finding finding, Action action, String policy, String policyRule, boolean enforced) {

  /** The action that actually applies on the wire. */
  public Action effectiveAction() {
    if (enforced || action == Action.ALLOW) {
      return action;
    }
    return Action.ALERT;
  }
}
