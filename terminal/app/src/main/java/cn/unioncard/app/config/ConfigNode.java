package cn.unioncard.app.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of the configuration file as written: a mapping (keys in file order), a list, or a scalar kept as its
 * text. Nothing is converted here: each key converts its own scalar ({@link Section}), by YAML 1.2's core schema,
 * so {@code 000123} stays the text "000123" where text is wanted.
 */
final class ConfigNode {
  /** YAML 1.2 core schema: null, bool, int (decimal, octal, hex) and float, for plain scalars only. */
  private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");
  private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern OTHER_INT = Pattern.compile("0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  enum Type {
    MAPPING,
    LIST,
    SCALAR
  }

  final Type type;
  /** The line (from 1) where the node starts. */
  final int line;
  private final Map<String, ConfigNode> entries;
  private final List<ConfigNode> items;
  private final String text;
  private final boolean plain;

  private ConfigNode(Type type, int line, Map<String, ConfigNode> entries, List<ConfigNode> items, String text,
      boolean plain) {
    this.type = type;
    this.line = line;
    this.entries = entries;
    this.items = items;
    this.text = text;
    this.plain = plain;
  }

  static ConfigNode mapping(int line, LinkedHashMap<String, ConfigNode> entries) {
    return new ConfigNode(Type.MAPPING, line, entries, null, null, false);
  }

  static ConfigNode list(int line, List<ConfigNode> items) {
    return new ConfigNode(Type.LIST, line, null, items, null, false);
  }

  static ConfigNode scalar(int line, String text, boolean plain) {
    return new ConfigNode(Type.SCALAR, line, null, null, text, plain);
  }

  static ConfigNode emptyMapping() {
    return mapping(0, new LinkedHashMap<>());
  }

  /** A mapping's entries in file order (empty for other nodes). */
  Map<String, ConfigNode> entries() {
    return entries == null ? Collections.emptyMap() : Collections.unmodifiableMap(entries);
  }

  /** A list's items (empty for other nodes). */
  List<ConfigNode> items() {
    return items == null ? Collections.emptyList() : Collections.unmodifiableList(items);
  }

  /** A scalar's text exactly as written (quotes removed, escapes applied). */
  String text() {
    return text;
  }

  boolean isScalar() {
    return type == Type.SCALAR;
  }

  /** A plain (unquoted) scalar that is null in the core schema: empty, {@code ~} or {@code null}. */
  boolean isNull() {
    return isScalar() && plain && NULL.matcher(text).matches();
  }

  /** A plain scalar that is a boolean in the core schema. */
  boolean isBoolean() {
    return isScalar() && plain && BOOL.matcher(text).matches();
  }

  /** A plain scalar that is a decimal integer in the core schema. */
  boolean isDecimal() {
    return isScalar() && plain && DECIMAL.matcher(text).matches();
  }

  /** A plain scalar that is a number of any core-schema form (so not text where text is wanted by a person). */
  boolean isNumber() {
    return isScalar() && plain && (DECIMAL.matcher(text).matches() || OTHER_INT.matcher(text).matches()
        || FLOAT.matcher(text).matches());
  }

  /** How the node reads in an error: "a mapping", "a list", a plain scalar as written, text in quotes. */
  String describe() {
    switch (type) {
      case MAPPING:
        return "a mapping";
      case LIST:
        return "a list";
      default:
        return isNumber() || isBoolean() || isNull() ? text : "'" + text + "'";
    }
  }
}
