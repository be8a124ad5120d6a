package cn.unioncard.protocol.member;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The union member data object of a member card: a proprietary constructed data object {@code BF51} of the debit
 * application, read with one GET DATA ({@code 80 CA BF 51 00}). Its layout (docs/card-profile.md, "Member data"):
 *
 * <pre>
 * BF51 {
 *   DF51 01        layout version, 1 byte: 01
 *   DF52 ..        union name, GBK, 1-60 bytes
 *   DF53 ..        member number, ASCII digits, 1-20
 *   DF54 01        member category, 1 byte: 00 ordinary, 01 model worker, 02 migrant worker, 03 in hardship
 * }
 * </pre>
 *
 * Inner objects with other tags are skipped (a later layout may add some); a repeated inner tag is refused.
 */
public final class MemberData {
  /** The proprietary constructed tag the debit application keeps the member data under. */
  public static final Tag TAG = Tag.of(0xBF51);

  public static final Tag VERSION = Tag.of(0xDF51);
  public static final Tag UNION_NAME = Tag.of(0xDF52);
  public static final Tag MEMBER_NUMBER = Tag.of(0xDF53);
  public static final Tag CATEGORY = Tag.of(0xDF54);

  /** The only layout version so far. */
  public static final int LAYOUT_VERSION = 1;

  public static final int MAX_UNION_NAME_BYTES = 60;
  public static final int MAX_MEMBER_NUMBER_DIGITS = 20;

  private static final Charset GBK = Charset.forName("GBK");

  private final String unionName;
  private final String memberNumber;
  private final MemberCategory category;

  /**
   * @throws IllegalArgumentException when the union name is empty, not GBK-encodable or longer than 60 bytes in
   *     GBK, or the member number is not 1-20 ASCII digits
   */
  public MemberData(String unionName, String memberNumber, MemberCategory category) {
    Objects.requireNonNull(category, "category");
    byte[] name = gbk(unionName);
    if (name == null || name.length == 0 || name.length > MAX_UNION_NAME_BYTES) {
      throw new IllegalArgumentException(
          "union name must be 1-" + MAX_UNION_NAME_BYTES + " bytes of GBK: " + unionName);
    }
    if (!digits(memberNumber)) {
      throw new IllegalArgumentException(
          "member number must be 1-" + MAX_MEMBER_NUMBER_DIGITS + " digits: " + memberNumber);
    }
    this.unionName = unionName;
    this.memberNumber = memberNumber;
    this.category = category;
  }

  public String unionName() {
    return unionName;
  }

  public String memberNumber() {
    return memberNumber;
  }

  public MemberCategory category() {
    return category;
  }

  /** The whole data object, {@code BF51} with its length and contents. */
  public byte[] encode() {
    return toTlv().encode();
  }

  /** The data object as a TLV. */
  public Tlv toTlv() {
    return Tlv.constructed(
        TAG,
        Tlv.of(VERSION, new byte[] {(byte) LAYOUT_VERSION}),
        Tlv.of(UNION_NAME, gbk(unionName)),
        Tlv.of(MEMBER_NUMBER, memberNumber.getBytes(StandardCharsets.US_ASCII)),
        Tlv.of(CATEGORY, new byte[] {(byte) category.code()}));
  }

  /**
   * Parses the data object ({@code BF51 L ...}, for example the data of the GET DATA response).
   *
   * @throws DecodeException naming the inner tag that is missing, repeated or malformed
   */
  public static MemberData parse(byte[] bytes) throws DecodeException {
    Tlv outer = BerTlv.decodeOne(bytes);
    if (!outer.tag().equals(TAG)) {
      throw new DecodeException("member data object " + TAG.hex() + " expected, got " + outer.tag().hex(), 0);
    }
    if (!outer.isConstructed()) {
      throw new DecodeException("not constructed", 0, TAG.hex());
    }
    byte[] version = only(outer, VERSION);
    if (version.length != 1) {
      throw new DecodeException("length " + version.length + ", expected 1", DecodeException.NO_OFFSET, VERSION.hex());
    }
    if ((version[0] & 0xFF) != LAYOUT_VERSION) {
      throw new DecodeException(
          "layout version " + (version[0] & 0xFF) + " not supported", DecodeException.NO_OFFSET, VERSION.hex());
    }
    byte[] name = only(outer, UNION_NAME);
    if (name.length == 0 || name.length > MAX_UNION_NAME_BYTES) {
      throw new DecodeException(
          "length " + name.length + ", expected 1-" + MAX_UNION_NAME_BYTES, DecodeException.NO_OFFSET, UNION_NAME.hex());
    }
    String unionName = decodeGbk(name);
    byte[] number = only(outer, MEMBER_NUMBER);
    String memberNumber = new String(number, StandardCharsets.US_ASCII);
    if (number.length == 0 || !digits(memberNumber)) {
      throw new DecodeException(
          "not 1-" + MAX_MEMBER_NUMBER_DIGITS + " ASCII digits", DecodeException.NO_OFFSET, MEMBER_NUMBER.hex());
    }
    byte[] cat = only(outer, CATEGORY);
    if (cat.length != 1) {
      throw new DecodeException("length " + cat.length + ", expected 1", DecodeException.NO_OFFSET, CATEGORY.hex());
    }
    MemberCategory category = MemberCategory.ofCode(cat[0] & 0xFF);
    if (category == null) {
      throw new DecodeException(
          "unknown member category " + (cat[0] & 0xFF), DecodeException.NO_OFFSET, CATEGORY.hex());
    }
    return new MemberData(unionName, memberNumber, category);
  }

  private static byte[] only(Tlv outer, Tag tag) throws DecodeException {
    Tlv found = null;
    for (Tlv child : outer.children()) {
      if (child.tag().equals(tag)) {
        if (found != null) {
          throw new DecodeException("repeated", DecodeException.NO_OFFSET, tag.hex());
        }
        found = child;
      }
    }
    if (found == null) {
      throw new DecodeException("missing", DecodeException.NO_OFFSET, tag.hex());
    }
    if (found.isConstructed()) {
      throw new DecodeException("constructed, expected a primitive value", DecodeException.NO_OFFSET, tag.hex());
    }
    return found.value();
  }

  private static String decodeGbk(byte[] value) throws DecodeException {
    CharsetDecoder dec =
        GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = dec.decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException("not GBK text", DecodeException.NO_OFFSET, UNION_NAME.hex());
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new DecodeException("control character in the union name", i, UNION_NAME.hex());
      }
    }
    // The name must survive a round trip (GBK has a few one-way mappings).
    if (gbk(text) == null) {
      throw new DecodeException("not GBK text", DecodeException.NO_OFFSET, UNION_NAME.hex());
    }
    return text;
  }

  /** The GBK bytes of {@code text}, or null when it is null or has a character GBK cannot encode. */
  private static byte[] gbk(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return null;
      }
    }
    CharsetEncoder enc =
        GBK.newEncoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer b = enc.encode(CharBuffer.wrap(text));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean digits(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_MEMBER_NUMBER_DIGITS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberData m
        && m.unionName.equals(unionName)
        && m.memberNumber.equals(memberNumber)
        && m.category == category;
  }

  @Override
  public int hashCode() {
    return Objects.hash(unionName, memberNumber, category);
  }

  /** The category and the union; the member number only by its last four digits. */
  @Override
  public String toString() {
    String tail = memberNumber.length() <= 4 ? memberNumber : memberNumber.substring(memberNumber.length() - 4);
    return "MemberData{" + category + ", " + unionName + ", member number ..." + tail + "}";
  }
}
