package dev.palisade.detection.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MCP specification forbids servers to ask for sensitive information through elicitation (the
 * client shows the form to its user, who may fill it in). An {@code elicitation/create} request whose
 * form asks for a password, a key or token, a one-time code, a card or bank account number or a social
 * security number is credential phishing through the client: each such field is an injection finding of
 * type {@code credential_request}. A field is judged by its name (words of snake, kebab or camel case),
 * title and description, and by {@code format: password}.
 */
final class SensitiveElicitation {
  static final String RULE = "elicitation.sensitive-field";

  private static final Pattern SENSITIVE = Pattern.compile("(?i)\\b(pass\\s?(word|phrase|code)s?|passwd|pwd|secrets?|"
      + "api\\s?keys?|access\\s?(keys?|tokens?)|auth(entication|orization)?\\s?(tokens?|codes?|keys?)|bearer|refresh\\s?tokens?|"
      + "session\\s?(tokens?|cookies?|ids?)|private\\s?keys?|ssh\\s?keys?|signing\\s?keys?|seed\\s?phrases?|"
      + "recovery\\s?(phrase|codes?|keys?)|mnemonic|otp|one\\s?time\\s?(codes?|pass(word|code)s?)|2fa|mfa|totp|"
      + "verification\\s?codes?|security\\s?(codes?|answers?)|pin\\s?(codes?|numbers?)|cvv2?|cvc2?|card\\s?(numbers?|no)|"
      + "credit\\s?cards?|debit\\s?cards?|ssn|social\\s?security|tax\\s?id|bank\\s?account|account\\s?numbers?|"
      + "routing\\s?numbers?|iban|sort\\s?code|(personal|github|gitlab|slack|npm|pypi|id|oauth)\\s?(access\\s?)?tokens?|credentials?)\\b");
  /** Names that say it alone; as words in a longer name they are ordinary ("max tokens", "pin to top"). */
  private static final Set<String> SENSITIVE_NAMES = Set.of("pin", "token", "key", "secret", "pass", "code");

  private SensitiveElicitation() {}

  /** The findings for the fields of {@code message}'s form that ask for sensitive information; empty for any other message. */
  static List<Finding> findings(JsonRpcMessage message, EvidenceFactory evidence) {
    if (!(message instanceof JsonRpcMessage.Request request) || !McpMethods.ELICITATION_CREATE.equals(request.method())) {
      return List.of();
    }
    JsonNode properties = request.params().path("requestedSchema").path("properties");
    List<Finding> findings = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode schema = field.getValue();
      boolean sensitive = "password".equals(schema.path("format").asText())
          || SENSITIVE_NAMES.contains(field.getKey().toLowerCase(Locale.ROOT))
          || SENSITIVE.matcher(words(field.getKey()) + " \n " + schema.path("title").asText("") + " \n "
              + schema.path("description").asText("")).find();
      if (sensitive) {
        String pointer = "/params/requestedSchema/properties/" + MessageStrings.escape(field.getKey());
        findings.add(new Finding(Category.INJECTION, "credential_request", Severity.HIGH, RULE, pointer, 0, 0, null,
            evidence.of(Category.INJECTION, field.getKey())));
      }
    }
    return findings;
  }

  /** A field name as words: {@code aws_secret_access_key}, {@code cardNumber}, {@code one-time-code} -> space-separated. */
  static String words(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' || c == '-' || c == '.') {
        out.append(' ');
      } else {
        if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
          out.append(' ');
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
