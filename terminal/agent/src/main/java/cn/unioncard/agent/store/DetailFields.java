package cn.unioncard.agent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The field rules every stored detail's codec shares ({@code SaleDetail}, {@code TripDetail}): an absent value is
 * not written, and a field absent or JSON {@code null} reads as null.
 */
public final class DetailFields {
  private DetailFields() {}

  /** Writes {@code value} as {@code field} unless it is null. */
  public static void putText(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  /** The text of {@code field}, or null when it is absent or null. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
