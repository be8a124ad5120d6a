package cn.unioncard.sim.card;

import cn.unioncard.protocol.member.MemberCategory;
import cn.unioncard.protocol.member.MemberData;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes card documents (docs/card-profile.md): JSON, snake_case, UTF-8. A malformed document fails
 * with one {@link ProfileException} line naming the file and the field path; an unknown field is an error (a
 * typo would otherwise be ignored). Saving is atomic: a temporary file in the same directory, forced to disk,
 * renamed over the old one, and the directory forced, so a crash leaves the old state or the new, never half.
 */
public final class CardFile {
  /** The largest document read: a card's state is a few kilobytes. */
  public static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private CardFile() {}

  /** Loads a document with the registered plug-in sections ({@link CardSections#registered()}). */
  public static CardProfile load(Path file) throws ProfileException, IOException {
    return load(file, CardSections.registered());
  }

  public static CardProfile load(Path file, Map<String, SectionFactory> factories)
      throws ProfileException, IOException {
    byte[] bytes;
    try {
      bytes = cn.unioncard.ports.files.BoundedFile.read(file, MAX_BYTES);
    } catch (cn.unioncard.ports.files.BoundedFile.TooLargeException e) {
      throw new ProfileException(null, "larger than " + MAX_BYTES + " bytes").in(file.getFileName().toString());
    }
    return parse(file.getFileName().toString(), bytes, factories);
  }

  public static CardProfile parse(String source, byte[] json) throws ProfileException {
    return parse(source, json, CardSections.registered());
  }

  /**
   * Parses a document.
   *
   * @param source the file name errors name
   */
  public static CardProfile parse(String source, byte[] json, Map<String, SectionFactory> factories)
      throws ProfileException {
    try {
      if (json.length > MAX_BYTES) {
        throw new ProfileException(null, "larger than " + MAX_BYTES + " bytes");
      }
      JsonNode root;
      try {
        root = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + " column " + at.getColumnNr() + ": ";
        throw new ProfileException(null, "not JSON: " + where + e.getOriginalMessage());
      } catch (IOException e) {
        throw new ProfileException(null, "not JSON: " + e.getMessage());
      }
      if (root == null || root.isMissingNode()) {
        throw new ProfileException(null, "empty");
      }
      return fromJson(JsonFields.of(root, ""), factories);
    } catch (ProfileException e) {
      throw e.in(source);
    } catch (RuntimeException e) {
      // a plug-in's bug must not take the caller down with a stack trace
      throw new ProfileException(null, "cannot be read: " + e).in(source);
    }
  }

  private static CardProfile fromJson(JsonFields f, Map<String, SectionFactory> factories)
      throws ProfileException {
    String name = f.text("name");
    if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new ProfileException("name", "not a-z, 0-9 and '-' (at most 64)");
    }
    String description = f.optText("description", "");
    byte[] atr = f.optHex("atr", 2, 33);
    if (atr == null) {
      atr = cn.unioncard.protocol.Hex.of(CardProfile.DEFAULT_ATR);
    } else if ((atr[0] & 0xFF) != 0x3B && (atr[0] & 0xFF) != 0x3F) {
      throw new ProfileException("atr", "does not start with 3B or 3F (ISO 7816-3 TS)");
    }
    JsonFields b = f.optObject("behaviour");
    Behaviour behaviour = b == null ? Behaviour.NONE : Behaviour.fromJson(b);
    boolean hotlisted = false;
    JsonFields flags = f.optObject("flags");
    if (flags != null) {
      hotlisted = flags.optBoolean("hotlisted", false);
      flags.end();
    }
    JsonFields d = f.optObject("debit");
    DebitState debit = d == null ? null : DebitState.fromJson(d);
    JsonFields m = f.optObject("member");
    MemberData member = null;
    if (m != null) {
      if (debit == null) {
        throw new ProfileException("member", "member data lives in the debit application: add a debit section");
      }
      member = member(m);
    }
    List<ForeignApplication> foreign = new ArrayList<>();
    for (JsonFields a : f.objects("foreign")) {
      foreign.add(ForeignApplication.fromJson(a));
    }
    Map<String, JsonNode> raw = new LinkedHashMap<>();
    Map<String, CardSection> live = new LinkedHashMap<>();
    List<String> pluggable = new ArrayList<>(factories.keySet());
    if (!pluggable.contains(CardSections.TRANSIT)) {
      pluggable.add(CardSections.TRANSIT);
    }
    for (String s : pluggable) {
      JsonNode node = f.raw(s);
      if (node == null) {
        continue;
      }
      if (!node.isObject()) {
        throw new ProfileException(s, "not an object");
      }
      raw.put(s, node);
      SectionFactory factory = factories.get(s);
      if (factory != null) {
        live.put(s, factory.create(node, s));
      }
    }
    f.end();
    if (debit == null && foreign.isEmpty() && raw.isEmpty()) {
      throw new ProfileException(null, "the card has no application: give debit, foreign or transit");
    }
    return new CardProfile(name, description, atr, behaviour, hotlisted, debit, member, foreign, raw, live);
  }

  private static MemberData member(JsonFields m) throws ProfileException {
    String union = m.text("union_name");
    String number = m.text("member_number");
    String cat = m.text("category");
    MemberCategory category;
    try {
      category = MemberCategory.valueOf(cat.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ProfileException(m.at("category"),
          "not one of ordinary, model_worker, migrant_worker, in_hardship: " + cat);
    }
    if (!cat.equals(cat.toLowerCase(Locale.ROOT))) {
      throw new ProfileException(m.at("category"), "write it in lower case: " + cat.toLowerCase(Locale.ROOT));
    }
    m.end();
    try {
      return new MemberData(union, number, category);
    } catch (IllegalArgumentException e) {
      String field = number.matches("[0-9]{1,20}") ? "union_name" : "member_number";
      throw new ProfileException(m.at(field), field.equals("union_name")
          ? "not 1..60 bytes of GBK" : "not 1..20 digits");
    }
  }

  /** The document of a card as it is now. */
  public static ObjectNode toJson(CardProfile p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", p.name);
    o.put("description", p.description);
    o.put("atr", cn.unioncard.protocol.Hex.encode(p.atr));
    if (p.hotlisted) {
      o.putObject("flags").put("hotlisted", true);
    }
    ObjectNode b = p.behaviour.toJson();
    if (b.size() > 0) {
      o.set("behaviour", b);
    }
    if (p.debit != null) {
      o.set("debit", p.debit.toJson());
    }
    if (p.member != null) {
      ObjectNode m = o.putObject("member");
      m.put("union_name", p.member.unionName());
      m.put("member_number", p.member.memberNumber());
      m.put("category", p.member.category().name().toLowerCase(Locale.ROOT));
    }
    if (!p.foreign.isEmpty()) {
      ArrayNode a = o.putArray("foreign");
      for (ForeignApplication f : p.foreign) {
        a.add(f.toJson());
      }
    }
    for (Map.Entry<String, JsonNode> s : p.rawSections.entrySet()) {
      CardSection live = p.sections.get(s.getKey());
      o.set(s.getKey(), live != null ? live.toJson() : s.getValue().deepCopy());
    }
    return o;
  }

  /** The document as UTF-8 bytes, indented by two spaces, with a final newline. */
  public static byte[] encode(CardProfile p) {
    try {
      DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
              .withArrayEmptySeparator("")
              .withObjectEmptySeparator(""))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      byte[] body = JSON.writer(pp).writeValueAsBytes(toJson(p));
      byte[] out = java.util.Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** Saves the card's document to {@code file} atomically (see the class comment). */
  public static void save(CardProfile p, Path file) throws IOException {
    write(file, encode(p));
  }

  /** Writes {@code bytes} to {@code file} atomically: temporary file, force, rename, force the directory. */
  static void write(Path file, byte[] bytes) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // some file systems cannot open a directory for fsync; the rename is still atomic
    }
  }
}
