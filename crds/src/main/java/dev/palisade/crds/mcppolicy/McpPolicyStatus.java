package dev.palisade.crds.mcppolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator found when it validated the policy.
 *
 * @param observedGeneration the generation these conditions describe
 * @param conditions PolicyValid (and its reason when the document cannot be applied)
 * @param rules how many rules, access entries, limits and sequences the valid policy has
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpPolicyStatus(Long observedGeneration, List<Condition> conditions, Integer rules) {}
