package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The field encoding of the ECR message set (docs/ecr-protocol.md §9.2): a field is TAG (1 byte), LEN (2
 * bytes, big-endian) and LEN bytes of value; a group's value is itself a sequence of fields.
 */
final class Fields {
  private Fields() {}

  /** Largest reference (register reference, terminal transaction id): 32 printable ASCII bytes. */
  static final int MAX_REFERENCE = 32;
  /** Largest reason code: 8 printable ASCII bytes. */
  static final int MAX_CODE = 8;

  /** A whole payload: the message type, the version and the fields (§9.1). */
  static byte[] message(MessageType type, Writer fields) {
    byte[] body = fields.bytes();
    byte[] out = new byte[body.length + 2];
    out[0] = (byte) type.code();
    out[1] = (byte) EcrMessage.VERSION;
    System.arraycopy(body, 0, out, 2, body.length);
    return out;
  }

  /** Builds a field sequence. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer raw(int tag, byte[] value) {
      if (value.length > 0xFFFF) {
        throw new IllegalArgumentException("field " + Hex.byteToHex(tag) + " longer than 65535 bytes");
      }
      out.write(tag);
      out.write(value.length >>> 8);
      out.write(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    Writer text(int tag, String value) {
      return value == null ? this : raw(tag, value.getBytes(StandardCharsets.UTF_8));
    }

    Writer texts(int tag, List<String> values) {
      for (String v : values) {
        text(tag, v);
      }
      return this;
    }

    Writer money(int tag, long fen) {
      byte[] b = new byte[8];
      for (int i = 7; i >= 0; i--) {
        b[i] = (byte) fen;
        fen >>>= 8;
      }
      return raw(tag, b);
    }

    Writer count(int tag, long value) {
      return raw(tag, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    Writer code(int tag, int code) {
      return raw(tag, new byte[] {(byte) code});
    }

    Writer group(int tag, Writer inner) {
      return raw(tag, inner.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static void checkReference(String what, String value, boolean optional) {
    if (value == null) {
      if (!optional) {
        throw new IllegalArgumentException(what + " missing");
      }
      return;
    }
    String problem = referenceProblem(value, MAX_REFERENCE);
    if (problem != null) {
      throw new IllegalArgumentException(what + ": " + problem);
    }
  }

  static void checkCode(String what, String value) {
    String problem = referenceProblem(value, MAX_CODE);
    if (problem != null) {
      throw new IllegalArgumentException(what + ": " + problem);
    }
  }

  static void checkMoney(String what, long fen) {
    if (fen < 0) {
      throw new IllegalArgumentException(what + " negative: " + fen);
    }
  }

  static void checkText(String what, String value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " missing");
    }
  }

  static <T> List<T> copy(String what, List<T> list) {
    if (list == null) {
      throw new IllegalArgumentException(what + " missing (use an empty list)");
    }
    for (T t : list) {
      if (t == null) {
        throw new IllegalArgumentException(what + " holds null");
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static String referenceProblem(String value, int max) {
    if (value.isEmpty() || value.length() > max) {
      return "must be 1 to " + max + " characters, is " + value.length();
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return "character " + i + " is not printable ASCII";
      }
    }
    return null;
  }

  /** One field as read: its tag, the offset of its tag byte, and its value. */
  static final class Field {
    final int tag;
    final int offset;
    final byte[] value;

    Field(int tag, int offset, byte[] value) {
      this.tag = tag;
      this.offset = offset;
      this.value = value;
    }

    int valueOffset() {
      return offset + 3;
    }
  }

  /**
   * The fields of one message or group, read all at once. Readers take fields by tag; a field that may
   * occur once and occurs twice is an error; unknown tags are ignored (§9.2).
   */
  static final class Reader {
    private final String context;
    private final int start;
    private final List<Field> fields = new ArrayList<>();

    Reader(ByteReader r, String context) throws DecodeException {
      this.context = context;
      this.start = r.offset();
      while (r.hasRemaining()) {
        int at = r.offset();
        int tag = r.u8(context + " field tag");
        int length = r.u16(context + " field " + Hex.byteToHex(tag) + " length");
        byte[] value = r.bytes(length, context + " field " + Hex.byteToHex(tag) + " value");
        fields.add(new Field(tag, at, value));
      }
    }

    /** A refusal of a value read well but not allowed, at the offset of field {@code tag} (or the group's start). */
    DecodeException invalid(int tag, String why) {
      for (Field f : fields) {
        if (f.tag == tag) {
          return new DecodeException(context + ": " + why, f.valueOffset());
        }
      }
      return new DecodeException(context + ": " + why, start);
    }

    private Field one(int tag, String what, boolean required) throws DecodeException {
      Field found = null;
      for (Field f : fields) {
        if (f.tag == tag) {
          if (found != null) {
            throw new DecodeException(context + ": " + what + " (field " + Hex.byteToHex(tag) + ") occurs twice", f.offset);
          }
          found = f;
        }
      }
      if (found == null && required) {
        throw new DecodeException(context + ": " + what + " (field " + Hex.byteToHex(tag) + ") missing", start);
      }
      return found;
    }

    private List<Field> all(int tag) {
      List<Field> out = new ArrayList<>();
      for (Field f : fields) {
        if (f.tag == tag) {
          out.add(f);
        }
      }
      return out;
    }

    boolean has(int tag) {
      for (Field f : fields) {
        if (f.tag == tag) {
          return true;
        }
      }
      return false;
    }

    String reference(int tag, String what, boolean required) throws DecodeException {
      return ascii(tag, what, required, MAX_REFERENCE);
    }

    String reasonCode(int tag, String what) throws DecodeException {
      return ascii(tag, what, true, MAX_CODE);
    }

    private String ascii(int tag, String what, boolean required, int max) throws DecodeException {
      Field f = one(tag, what, required);
      if (f == null) {
        return null;
      }
      if (f.value.length < 1 || f.value.length > max) {
        throw new DecodeException(context + ": " + what + " must be 1 to " + max + " bytes, is " + f.value.length, f.offset);
      }
      for (int i = 0; i < f.value.length; i++) {
        int c = f.value[i] & 0xFF;
        if (c < 0x20 || c > 0x7E) {
          throw new DecodeException(context + ": " + what + " byte " + Hex.byteToHex(c) + " is not printable ASCII", f.valueOffset() + i);
        }
      }
      return new String(f.value, StandardCharsets.US_ASCII);
    }

    String text(int tag, String what, boolean required) throws DecodeException {
      Field f = one(tag, what, required);
      return f == null ? null : utf8(f, what);
    }

    List<String> texts(int tag, String what) throws DecodeException {
      List<String> out = new ArrayList<>();
      for (Field f : all(tag)) {
        out.add(utf8(f, what));
      }
      return out;
    }

    private String utf8(Field f, String what) throws DecodeException {
      try {
        CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(f.value));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw new DecodeException(context + ": " + what + " is not valid UTF-8", f.valueOffset());
      }
    }

    long money(int tag, String what, boolean required, long absent) throws DecodeException {
      Field f = one(tag, what, required);
      if (f == null) {
        return absent;
      }
      if (f.value.length != 8) {
        throw new DecodeException(context + ": " + what + " must be 8 bytes, is " + f.value.length, f.offset);
      }
      if ((f.value[0] & 0x80) != 0) {
        throw new DecodeException(context + ": " + what + " is negative (top bit set)", f.valueOffset());
      }
      long v = 0;
      for (byte b : f.value) {
        v = (v << 8) | (b & 0xFF);
      }
      return v;
    }

    /** The raw value of a field, or null when absent and not required. */
    byte[] bytes(int tag, String what, boolean required) throws DecodeException {
      Field f = one(tag, what, required);
      return f == null ? null : f.value.clone();
    }

    long count(int tag, String what) throws DecodeException {
      Field f = one(tag, what, true);
      if (f.value.length != 4) {
        throw new DecodeException(context + ": " + what + " must be 4 bytes, is " + f.value.length, f.offset);
      }
      long v = 0;
      for (byte b : f.value) {
        v = (v << 8) | (b & 0xFF);
      }
      return v;
    }

    /** A one-byte code, or -1 when absent and not required. */
    int code(int tag, String what, boolean required) throws DecodeException {
      Field f = one(tag, what, required);
      if (f == null) {
        return -1;
      }
      if (f.value.length != 1) {
        throw new DecodeException(context + ": " + what + " must be 1 byte, is " + f.value.length, f.offset);
      }
      return f.value[0] & 0xFF;
    }

    /** Where the code field {@code tag} is, for errors about its value. */
    int offsetOf(int tag) {
      for (Field f : fields) {
        if (f.tag == tag) {
          return f.valueOffset();
        }
      }
      return start;
    }

    boolean flag(int tag, String what) throws DecodeException {
      int c = code(tag, what, false);
      if (c > 1) {
        throw new DecodeException(context + ": " + what + " must be 00 or 01, is " + Hex.byteToHex(c), offsetOf(tag));
      }
      return c == 1;
    }

    /** The groups with {@code tag}, each as a reader of its own fields (offsets stay absolute). */
    List<Reader> groups(int tag, String what, byte[] payload) throws DecodeException {
      List<Reader> out = new ArrayList<>();
      for (Field f : all(tag)) {
        ByteReader whole = new ByteReader(payload);
        whole.skip(f.valueOffset(), what);
        out.add(new Reader(whole.slice(f.value.length, what), what));
      }
      return out;
    }
  }

  /** Maps a code byte to an enum constant. */
  interface Coded {
    int code();
  }

  static <E extends Enum<E> & Coded> E decode(Class<E> type, int code, String what, int offset) throws DecodeException {
    for (E e : type.getEnumConstants()) {
      if (e.code() == code) {
        return e;
      }
    }
    throw new DecodeException(what + ": unknown code " + Hex.byteToHex(code), offset);
  }
}
