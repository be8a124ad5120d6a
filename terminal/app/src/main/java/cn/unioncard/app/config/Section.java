package cn.unioncard.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One mapping of the configuration file, read key by key with the key's dotted path in every error. Keys that no
 * reader asked for are reported by {@link #noOtherKeys()}, so a misspelt key is an error, not a silent default.
 */
final class Section {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private final String path;
  private final JsonNode node;
  private final Path baseDir;
  private final Set<String> read = new LinkedHashSet<>();

  Section(String path, JsonNode node, Path baseDir) {
    this.path = path;
    this.node = node;
    this.baseDir = baseDir;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  private JsonNode value(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** A nested mapping; absent reads as an empty one. */
  Section section(String name) throws ConfigException {
    JsonNode v = value(name);
    if (v == null) {
      return new Section(key(name), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), baseDir);
    }
    if (!v.isObject()) {
      throw new ConfigException(key(name), "must be a mapping of keys, not " + describe(v));
    }
    return new Section(key(name), v, baseDir);
  }

  String text(String name) throws ConfigException {
    String s = optionalText(name);
    if (s == null) {
      throw new ConfigException(key(name), "missing");
    }
    return s;
  }

  String optionalText(String name) throws ConfigException {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new ConfigException(key(name), "must be text, not " + describe(v));
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      throw new ConfigException(key(name), "is empty");
    }
    return s;
  }

  String text(String name, String fallback) throws ConfigException {
    String s = optionalText(name);
    return s == null ? fallback : s;
  }

  /** Text that must match {@code regex} entirely; {@code what} says what it is, for the error. */
  String matching(String name, String regex, String what) throws ConfigException {
    String s = text(name);
    if (!s.matches(regex)) {
      throw new ConfigException(key(name), "must be " + what + ", not '" + s + "'");
    }
    return s;
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) throws ConfigException {
    String s = optionalText(name);
    if (s == null) {
      if (fallback == null) {
        throw new ConfigException(key(name), "missing (one of " + names(type) + ")");
      }
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
        return e;
      }
    }
    throw new ConfigException(key(name), "must be one of " + names(type) + ", not '" + s + "'");
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> n = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      n.add(e.name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", n);
  }

  long integer(String name, long min, long max, long fallback) throws ConfigException {
    JsonNode v = value(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ConfigException(key(name), "must be a whole number, not " + describe(v));
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw new ConfigException(key(name), "must be " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  boolean flag(String name, boolean fallback) throws ConfigException {
    JsonNode v = value(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(key(name), "must be true or false, not " + describe(v));
    }
    return v.asBoolean();
  }

  /** A duration written as a number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}. */
  Duration duration(String name, Duration min, Duration max, Duration fallback) throws ConfigException {
    String s = optionalText(name);
    if (s == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new ConfigException(key(name), "must be a number and a unit (ms, s, m, h, d) such as 30s, not '" + s + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d;
    switch (m.group(2)) {
      case "ms":
        d = Duration.ofMillis(n);
        break;
      case "s":
        d = Duration.ofSeconds(n);
        break;
      case "m":
        d = Duration.ofMinutes(n);
        break;
      case "h":
        d = Duration.ofHours(n);
        break;
      default:
        d = Duration.ofDays(n);
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new ConfigException(key(name), "must be from " + show(min) + " to " + show(max) + ", not " + s);
    }
    return d;
  }

  static String show(Duration d) {
    if (d.toMillis() % 86_400_000 == 0) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.getSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  /** A time of day, {@code HH:MM}. */
  LocalTime timeOfDay(String name, LocalTime fallback) throws ConfigException {
    String s = optionalText(name);
    if (s == null) {
      return fallback;
    }
    if (!s.matches("[0-9]{2}:[0-9]{2}")) {
      throw new ConfigException(key(name), "must be a time of day HH:MM, not '" + s + "'");
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key(name), "must be a time of day HH:MM, not '" + s + "'");
    }
  }

  /** A file path; a relative one is taken from the configuration file's directory. */
  Path path(String name) throws ConfigException {
    String s = optionalText(name);
    return s == null ? null : baseDir.resolve(Paths.get(s)).normalize();
  }

  /** A regular expression (found anywhere in a reader's name). */
  String regex(String name) throws ConfigException {
    String s = optionalText(name);
    if (s == null) {
      return null;
    }
    try {
      Pattern.compile(s);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(key(name), "is not a valid regular expression: " + e.getDescription());
    }
    return s;
  }

  List<String> textList(String name) throws ConfigException {
    JsonNode v = value(name);
    if (v == null) {
      return Collections.emptyList();
    }
    if (!v.isArray()) {
      throw new ConfigException(key(name), "must be a list, not " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.asText().trim().isEmpty()) {
        throw new ConfigException(key(name) + "[" + i + "]", "must be non-empty text");
      }
      out.add(e.asText().trim());
    }
    return out;
  }

  /** Fails on the first key of this mapping that no reader asked for (a misspelling, or a key of another kind). */
  void noOtherKeys() throws ConfigException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!read.contains(k)) {
        throw new ConfigException(key(k), "unknown key (see the example configuration for the keys of this section)");
      }
    }
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return "'" + v.asText() + "'";
    }
    return v.toString();
  }
}
