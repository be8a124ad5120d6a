package cn.unioncard.app.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One mapping of the configuration file, read key by key with the key's dotted path in every error. A key that is
 * wrong is added to the file's problems (shared by every section) and reads as its default, so one run reports
 * every problem of the file. Keys that no reader asked for are reported by {@link #noOtherKeys()}, so a misspelt
 * key is an error, not a silent default. Scalars convert by YAML 1.2's core schema: a whole number is plain
 * decimal digits, a flag plain {@code true} or {@code false}, and text is the scalar as written.
 */
final class Section {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private final String path;
  private final ConfigNode node;
  private final Path baseDir;
  private final List<ConfigException> problems;
  private final Set<String> read = new LinkedHashSet<>();

  Section(String path, ConfigNode node, Path baseDir, List<ConfigException> problems) {
    this.path = path;
    this.node = node;
    this.baseDir = baseDir;
    this.problems = problems;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    ConfigNode v = node.entries().get(name);
    return v != null && !v.isNull();
  }

  /** Adds a problem of key {@code name} of this section. */
  void problem(String name, String what) {
    problems.add(new ConfigException(key(name), what));
  }

  /** Marks {@code name} as read without reading it (a section that a wrong key makes meaningless). */
  void skip(String name) {
    read.add(name);
  }

  private ConfigNode value(String name) {
    read.add(name);
    ConfigNode v = node.entries().get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** A nested mapping; absent (or wrong, which is a problem) reads as an empty one. */
  Section section(String name) {
    ConfigNode v = value(name);
    if (v != null && v.type != ConfigNode.Type.MAPPING) {
      problem(name, "must be a mapping of keys, not " + v.describe());
      v = null;
    }
    return new Section(key(name), v == null ? ConfigNode.emptyMapping() : v, baseDir, problems);
  }

  /** Required text: null (and a problem) when missing or wrong. */
  String text(String name) {
    String s = optionalText(name);
    if (s == null && !has(name)) {
      problem(name, "missing");
    }
    return s;
  }

  String optionalText(String name) {
    ConfigNode v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isScalar() || v.isBoolean()) {
      problem(name, "must be text, not " + v.describe());
      return null;
    }
    String s = v.text().trim();
    if (s.isEmpty()) {
      problem(name, "is empty");
      return null;
    }
    return s;
  }

  String text(String name, String fallback) {
    String s = optionalText(name);
    return s == null ? fallback : s;
  }

  /** Text that must match {@code regex} entirely; {@code what} says what it is, for the error. */
  String matching(String name, String regex, String what) {
    String s = text(name);
    if (s != null && !s.matches(regex)) {
      problem(name, "must be " + what + ", not '" + s + "'");
    }
    return s;
  }

  /** One of {@code type}'s constants by its lower-case name; null (and a problem) when wrong or missing. */
  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    boolean given = has(name);
    String s = optionalText(name);
    if (s == null) {
      if (fallback == null && !given) {
        problem(name, "missing (one of " + names(type) + ")");
      }
      return given ? null : fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
        return e;
      }
    }
    problem(name, "must be one of " + names(type) + ", not '" + s + "'");
    return null;
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> n = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      n.add(e.name().toLowerCase(Locale.ROOT));
    }
    return String.join(", ", n);
  }

  /** A whole number in plain decimal digits (so never octal or hex), from min to max. */
  long integer(String name, long min, long max, long fallback) {
    ConfigNode v = value(name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      if (!v.isDecimal()) {
        throw new NumberFormatException();
      }
      n = Long.parseLong(v.text().startsWith("+") ? v.text().substring(1) : v.text());
    } catch (NumberFormatException e) {
      problem(name, "must be a whole number, not " + v.describe());
      return fallback;
    }
    if (n < min || n > max) {
      problem(name, "must be " + min + " to " + max + ", not " + n);
      return fallback;
    }
    return n;
  }

  boolean flag(String name, boolean fallback) {
    ConfigNode v = value(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      problem(name, "must be true or false, not " + v.describe());
      return fallback;
    }
    return v.text().equalsIgnoreCase("true");
  }

  /** A duration written as a number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}. */
  Duration duration(String name, Duration min, Duration max, Duration fallback) {
    String s = optionalText(name);
    if (s == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      problem(name, "must be a number and a unit (ms, s, m, h, d) such as 30s, not '" + s + "'");
      return fallback;
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
      problem(name, "must be from " + show(min) + " to " + show(max) + ", not " + s);
      return fallback;
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
  LocalTime timeOfDay(String name, LocalTime fallback) {
    String s = optionalText(name);
    if (s == null) {
      return fallback;
    }
    try {
      if (s.matches("[0-9]{2}:[0-9]{2}")) {
        return LocalTime.parse(s);
      }
    } catch (DateTimeParseException e) {
      // as any other text that is not HH:MM
    }
    problem(name, "must be a time of day HH:MM, not '" + s + "'");
    return fallback;
  }

  /** A file path; a relative one is taken from the configuration file's directory. */
  Path path(String name) {
    String s = optionalText(name);
    return s == null ? null : baseDir.resolve(Paths.get(s)).normalize();
  }

  /** A regular expression (found anywhere in a reader's name). */
  String regex(String name) {
    String s = optionalText(name);
    if (s == null) {
      return null;
    }
    try {
      Pattern.compile(s);
    } catch (PatternSyntaxException e) {
      problem(name, "is not a valid regular expression: " + e.getDescription());
    }
    return s;
  }

  /** A list of non-empty text; a wrong item is a problem and left out. */
  List<String> textList(String name) {
    ConfigNode v = value(name);
    if (v == null) {
      return Collections.emptyList();
    }
    if (v.type != ConfigNode.Type.LIST) {
      problem(name, "must be a list, not " + v.describe());
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.items().size(); i++) {
      ConfigNode e = v.items().get(i);
      if (!e.isScalar() || e.isNull() || e.isBoolean() || e.text().trim().isEmpty()) {
        problems.add(new ConfigException(key(name) + "[" + i + "]", "must be non-empty text"));
      } else {
        out.add(e.text().trim());
      }
    }
    return out;
  }

  /** Adds a problem for every key of this mapping that no reader asked for (a misspelling, a key of another kind). */
  void noOtherKeys() {
    for (String k : node.entries().keySet()) {
      if (!read.contains(k)) {
        problem(k, "unknown key (see the example configuration for the keys of this section)");
      }
    }
  }
}
