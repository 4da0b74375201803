package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Labels tools by their role in a data flow from what they are called, what their description says
 * and their annotations. Deliberately simple and explainable; policies override it per tool.
 */
public final class ToolTaxonomy {
  private static final Set<String> SINK_VERBS = Set.of("send", "post", "publish", "upload", "share", "forward",
      "notify", "submit", "transfer", "email", "mail", "tweet", "sms", "webhook", "push", "export", "wire");
  private static final Set<String> SINK_NOUNS = Set.of("email", "mail", "slack", "webhook", "sms", "tweet", "http",
      "smtp", "teams", "discord", "telegram");
  private static final Set<String> READ_VERBS = Set.of("get", "read", "query", "list", "search", "lookup", "find",
      "fetch", "select", "load", "describe", "show", "retrieve");
  private static final Set<String> PRIVATE_NOUNS = Set.of("customer", "customers", "user", "users", "employee",
      "employees", "patient", "patients", "account", "accounts", "record", "records", "contact", "contacts", "db",
      "database", "sql", "crm", "inbox", "emails", "payroll", "salary", "salaries", "ssn", "order", "orders",
      "invoice", "invoices", "profile", "profiles", "member", "members", "hr", "ledger", "transactions");
  private static final Set<String> UNTRUSTED_NOUNS = Set.of("web", "url", "page", "webpage", "browser", "browse",
      "scrape", "crawl", "rss", "news", "website", "html", "fetch", "download", "issue", "issues", "comment", "comments");

  /** Name-derived roles are asked for on every call; at most this many names are remembered. */
  private static final int MAX_REMEMBERED_NAMES = 4096;

  private final Map<String, Set<ToolRole>> rolesByName = new ConcurrentHashMap<>();

  /** The roles of a tool; {@code definition} may be {@code null} when the tool was never listed. */
  public Set<ToolRole> roles(String tool, JsonNode definition) {
    if (tool == null) {
      return EnumSet.noneOf(ToolRole.class);
    }
    Set<ToolRole> byName = rolesByName.get(tool);
    if (byName == null) {
      byName = rolesOfName(tool);
      if (rolesByName.size() < MAX_REMEMBERED_NAMES) {
        rolesByName.put(tool, byName);
      }
    }
    Set<ToolRole> roles = byName.isEmpty() ? EnumSet.noneOf(ToolRole.class) : EnumSet.copyOf(byName);
    if (definition != null) {
      JsonNode annotations = definition.path("annotations");
      boolean openWorld = annotations.path("openWorldHint").asBoolean(false);
      boolean readOnly = annotations.path("readOnlyHint").asBoolean(false);
      if (openWorld && readOnly) {
        roles.add(ToolRole.UNTRUSTED_CONTENT);
      } else if (openWorld && annotations.has("readOnlyHint")) {
        roles.add(ToolRole.EXTERNAL_SINK);
      }
    }
    return roles;
  }

  private static Set<ToolRole> rolesOfName(String tool) {
    Set<ToolRole> roles = EnumSet.noneOf(ToolRole.class);
    List<String> words = words(tool);
    String verb = words.isEmpty() ? "" : words.get(0);
    if (SINK_VERBS.contains(verb) || (!READ_VERBS.contains(verb) && words.stream().anyMatch(SINK_NOUNS::contains))) {
      roles.add(ToolRole.EXTERNAL_SINK);
    }
    if ((READ_VERBS.contains(verb) || "db".equals(verb) || "sql".equals(verb) || "crm".equals(verb))
        && words.stream().anyMatch(PRIVATE_NOUNS::contains)) {
      roles.add(ToolRole.PRIVATE_DATA);
    }
    if (words.stream().anyMatch(UNTRUSTED_NOUNS::contains) || ("http".equals(verb) && words.contains("get"))) {
      roles.add(ToolRole.UNTRUSTED_CONTENT);
    }
    return roles;
  }

  /** Lower-case words of a tool name: {@code sendEmail}, {@code send_email}, {@code send-email} all give send, email. */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean boundary = !Character.isLetterOrDigit(c)
          || (Character.isUpperCase(c) && word.length() > 0 && Character.isLowerCase(name.charAt(i - 1)));
      if (boundary && word.length() > 0) {
        words.add(word.toString().toLowerCase(Locale.ROOT));
        word.setLength(0);
      }
      if (Character.isLetterOrDigit(c)) {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
    }
    return words;
  }
}
