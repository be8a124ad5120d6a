package cn.unioncard.sim.card;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON object of a card profile field by field, so every error names its path
 * ({@code debit.ec_balance_fen: not a number}), and {@link #end()} refuses the fields nobody read (a typo).
 */
public final class JsonFields {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new LinkedHashSet<>();

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The object at {@code path}; fails when {@code node} is not an object. */
  public static JsonFields of(JsonNode node, String path) throws ProfileException {
    if (node == null || !node.isObject()) {
      throw new ProfileException(path, "not an object");
    }
    return new JsonFields(node, path);
  }

  public String path() {
    return path;
  }

  /** The path of a field of this object. */
  public String at(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** The raw value, or null when absent; marks it read. */
  public JsonNode raw(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  public String text(String name) throws ProfileException {
    String s = optText(name);
    if (s == null) {
      throw new ProfileException(at(name), "missing");
    }
    return s;
  }

  public String optText(String name) throws ProfileException {
    JsonNode v = raw(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ProfileException(at(name), "not a string");
    }
    return v.textValue();
  }

  public String optText(String name, String dflt) throws ProfileException {
    String s = optText(name);
    return s == null ? dflt : s;
  }

  public long number(String name, long min, long max) throws ProfileException {
    if (!has(name)) {
      raw(name);
      throw new ProfileException(at(name), "missing");
    }
    return optNumber(name, min, max, 0);
  }

  public long optNumber(String name, long min, long max, long dflt) throws ProfileException {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ProfileException(at(name), v.isNumber() ? "not a whole number" : "not a number");
    }
    long n = v.longValue();
    if (n < min || n > max) {
      throw new ProfileException(at(name), n + " out of range " + min + ".." + max);
    }
    return n;
  }

  public boolean optBoolean(String name, boolean dflt) throws ProfileException {
    JsonNode v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new ProfileException(at(name), "not true or false");
    }
    return v.booleanValue();
  }

  /** Hex text ({@code "9F6604"}, spaces allowed) of {@code min..max} bytes, or null when absent. */
  public byte[] optHex(String name, int min, int max) throws ProfileException {
    String s = optText(name);
    if (s == null) {
      return null;
    }
    byte[] b;
    try {
      b = Hex.parse(s.replace(" ", ""));
    } catch (DecodeException e) {
      throw new ProfileException(at(name), "not hex: " + e.reason());
    }
    if (b.length < min || b.length > max) {
      throw new ProfileException(at(name), b.length + " bytes, expected " + min + ".." + max);
    }
    return b;
  }

  /** An ISO date {@code yyyy-mm-dd}, or null when absent. */
  public LocalDate optDate(String name) throws ProfileException {
    String s = optText(name);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new ProfileException(at(name), "not a date yyyy-mm-dd: " + s);
    }
  }

  /** A nested object, or null when absent. */
  public JsonFields optObject(String name) throws ProfileException {
    JsonNode v = raw(name);
    return v == null ? null : of(v, at(name));
  }

  /** The objects of an array (empty when absent). */
  public List<JsonFields> objects(String name) throws ProfileException {
    JsonNode v = raw(name);
    List<JsonFields> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw new ProfileException(at(name), "not an array");
    }
    for (int i = 0; i < v.size(); i++) {
      out.add(of(v.get(i), at(name) + "[" + i + "]"));
    }
    return out;
  }

  /** Fails naming every field of the object that was not read: a misspelt or unknown field. */
  public void end() throws ProfileException {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!read.contains(f)) {
        unknown.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ProfileException(path.isEmpty() ? null : path,
          "unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown));
    }
  }
}
