package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Exchange;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import java.util.List;

/**
 * The conditions of a policy rule. Every condition that is given must hold; an absent condition
 * holds always.
 *
 * @param direction {@code null} for both directions
 * @param methods MCP method globs
 * @param tools tool name, prompt name or resource URI globs
 * @param principals authenticated identity globs
 * @param agents client software name globs (self-reported)
 * @param schedule when the rule applies, or {@code null} for always
 * @param findings which findings the rule is about ({@link FindingCriteria#NONE}: the message itself)
 * @param arguments conditions on {@code tools/call} arguments
 */
public record RuleMatch(
    Direction direction,
    GlobSet methods,
    GlobSet tools,
    GlobSet principals,
    GlobSet agents,
    Schedule schedule,
    FindingCriteria findings,
    List<ArgumentPredicate> arguments) {

  public static final RuleMatch ANY =
      new RuleMatch(null, GlobSet.ANY, GlobSet.ANY, GlobSet.ANY, GlobSet.ANY, null, FindingCriteria.NONE, List.of());

  public RuleMatch {
    arguments = List.copyOf(arguments);
  }

  /** Whether the message and its context satisfy every condition except the finding criteria. */
  public boolean matchesContext(Exchange exchange, JsonRpcMessage message) {
    if (direction != null && direction != exchange.direction()) {
      return false;
    }
    if (!methods.matches(exchange.method()) || !tools.matches(exchange.target())
        || !principals.matches(exchange.principal()) || !agents.matches(exchange.agent())) {
      return false;
    }
    if (schedule != null && !schedule.contains(exchange.time())) {
      return false;
    }
    if (!arguments.isEmpty()) {
      if (!(message instanceof JsonRpcMessage.Request request) || !McpMethods.TOOLS_CALL.equals(request.method())) {
        return false;
      }
      JsonNode args = request.params().path("arguments");
      for (ArgumentPredicate predicate : arguments) {
        if (!predicate.matches(args)) {
          return false;
        }
      }
    }
    return true;
  }
}
