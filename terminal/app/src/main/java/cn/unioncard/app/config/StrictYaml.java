package cn.unioncard.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads the configuration file strictly into {@link ConfigNode}s: at most {@link #MAX_BYTES}, UTF-8 only, one
 * document, no aliases and no tags, a key at most once per mapping. SnakeYAML parses (its events only: its
 * YAML 1.1 type resolution is never used, so {@code 000123} is not octal and {@code yes} is not a boolean); every
 * scalar stays text for its key to convert ({@link Section}, YAML 1.2's core schema).
 */
final class StrictYaml {
  /** The bound on a configuration file's size: the examples are about 4 KiB. */
  static final int MAX_BYTES = 256 * 1024;
  /** Mappings and lists nest at most this deep (the configuration needs 3). */
  static final int MAX_DEPTH = 16;

  private final Path file;
  private final Parser parser;
  private final List<ConfigException> problems;

  private StrictYaml(Path file, String text, List<ConfigException> problems) {
    this.file = file;
    this.parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
    this.problems = problems;
  }

  /**
   * The file's top node (null when the file holds no document). A duplicated key is added to {@code problems}
   * (its first value is kept, so reading goes on and finds the file's other problems); what stops reading is thrown.
   */
  static ConfigNode read(Path file, List<ConfigException> problems) throws ConfigException {
    String text = utf8(file, bounded(file));
    StrictYaml yaml = new StrictYaml(file, text, problems);
    try {
      return yaml.document();
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      throw whole(file + " is not valid YAML" + where + ": " + problem.trim().replaceAll("\\s*\n\\s*", "; "));
    } catch (YAMLException e) {
      throw whole(file + " is not valid YAML: " + e.getMessage().trim().replaceAll("\\s*\n\\s*", "; "));
    }
  }

  /** A character device ({@code /dev/zero}): read, it meets the bound. */
  private static boolean isCharacterDevice(Path file) {
    try {
      Object mode = Files.getAttribute(file, "unix:mode");
      return mode instanceof Integer && (((Integer) mode) & 0170000) == 0020000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] bounded(Path file) throws ConfigException {
    if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file) && !isCharacterDevice(file)) {
      // a FIFO with no writer would block the open; a socket cannot be read at all
      throw whole(file + " is not a regular file, so not a configuration file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw whole(file + " is larger than " + MAX_BYTES / 1024 + " KiB, the bound of a configuration file");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw whole("no configuration file " + file);
    } catch (IOException e) {
      throw whole("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The text of UTF-8 {@code bytes} (a leading byte order mark dropped), or the line of the first invalid byte. */
  private static String utf8(Path file, byte[] bytes) throws ConfigException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    if (decoder.decode(in, out, true).isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw whole(file + " is not UTF-8: byte " + (in.position() + 1) + " (line " + line + ") is not valid UTF-8");
    }
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private ConfigNode document() throws ConfigException {
    expect(Event.ID.StreamStart);
    if (parser.checkEvent(Event.ID.StreamEnd)) {
      return null;
    }
    expect(Event.ID.DocumentStart);
    ConfigNode root = node("", 0);
    expect(Event.ID.DocumentEnd);
    if (!parser.checkEvent(Event.ID.StreamEnd)) {
      throw whole(file + " holds more than one YAML document (the second at line "
          + line(parser.peekEvent()) + "): the configuration is one");
    }
    return root;
  }

  private ConfigNode node(String path, int depth) throws ConfigException {
    Event e = parser.getEvent();
    if (depth > MAX_DEPTH) {
      throw whole(file + ": nested deeper than " + MAX_DEPTH + " levels at line " + line(e));
    }
    if (e.is(Event.ID.Alias)) {
      throw whole(file + ": an alias (*) at line " + line(e) + ": aliases are not used in the configuration");
    }
    if (e.is(Event.ID.Scalar)) {
      ScalarEvent s = (ScalarEvent) e;
      noTag(s.getTag(), e);
      return ConfigNode.scalar(line(e), s.getValue(), s.isPlain());
    }
    noTag(((CollectionStartEvent) e).getTag(), e);
    if (e.is(Event.ID.SequenceStart)) {
      List<ConfigNode> items = new ArrayList<>();
      while (!parser.checkEvent(Event.ID.SequenceEnd)) {
        items.add(node(path + "[" + items.size() + "]", depth + 1));
      }
      parser.getEvent();
      return ConfigNode.list(line(e), items);
    }
    LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new HashMap<>();
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      ConfigNode key = node(path, depth + 1);
      if (!key.isScalar()) {
        throw whole(file + ": a key at line " + key.line + " is " + key.describe() + ": keys are names");
      }
      String name = path.isEmpty() ? key.text() : path + "." + key.text();
      ConfigNode value = node(name, depth + 1);
      Integer first = keyLines.putIfAbsent(key.text(), key.line);
      if (first == null) {
        entries.put(key.text(), value);
      } else {
        problems.add(new ConfigException(name, "duplicated at line " + key.line + " (first at line " + first
            + "): a key is given once"));
      }
    }
    parser.getEvent();
    return ConfigNode.mapping(line(e), entries);
  }

  private void noTag(String tag, Event e) throws ConfigException {
    if (tag != null) {
      throw whole(file + ": a tag (" + tag + ") at line " + line(e) + ": tags are not used in the configuration");
    }
  }

  private void expect(Event.ID id) throws ConfigException {
    Event e = parser.getEvent();
    if (!e.is(id)) {
      throw whole(file + " is not valid YAML at line " + line(e) + ": " + id + " expected");
    }
  }

  private static int line(Event e) {
    return e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
  }

  private static ConfigException whole(String problem) {
    return new ConfigException("", problem);
  }
}
