package cn.unioncard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** Timestamps as {@code ucard status} shows them: ISO 8601 to the second, without a fraction. */
final class IsoSeconds {
  private static final Pattern FRACTION = Pattern.compile("(T[0-9]{2}:[0-9]{2}:[0-9]{2})\\.[0-9]+(Z|[+-][0-9]{2}:[0-9]{2})");

  private IsoSeconds() {}

  /** Every text in {@code node} (its objects and arrays, deeply) with the fraction of its timestamps dropped. */
  static void truncate(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          e.setValue(o.textNode(text(e.getValue().asText())));
        } else {
          truncate(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isTextual()) {
          a.set(i, a.textNode(text(a.get(i).asText())));
        } else {
          truncate(a.get(i));
        }
      }
    }
  }

  static String text(String s) {
    return FRACTION.matcher(s).replaceAll("$1$2");
  }
}
