package cn.unioncard.protocol.tlv;

import cn.unioncard.protocol.Hex;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One BER-TLV data object: a tag and its value. A constructed object (tag b6 set) holds its children; its
 * value is their encoding. Immutable.
 */
public final class Tlv {
  private final Tag tag;
  private final byte[] value;
  private final List<Tlv> children;

  private Tlv(Tag tag, byte[] value, List<Tlv> children) {
    this.tag = tag;
    this.value = value;
    this.children = children;
  }

  /** A primitive object. */
  public static Tlv of(Tag tag, byte[] value) {
    if (tag.isConstructed()) {
      throw new IllegalArgumentException("tag " + tag + " is constructed; use constructed()");
    }
    return new Tlv(tag, value.clone(), Collections.<Tlv>emptyList());
  }

  /** A primitive object, the tag and value in hex (for constants and tests). */
  public static Tlv of(String tagHex, String valueHex) {
    return of(Tag.of(tagHex), Hex.of(valueHex));
  }

  /** A constructed object holding {@code children} in order. */
  public static Tlv constructed(Tag tag, List<Tlv> children) {
    if (!tag.isConstructed()) {
      throw new IllegalArgumentException("tag " + tag + " is primitive; use of()");
    }
    List<Tlv> copy = Collections.unmodifiableList(new ArrayList<>(children));
    return new Tlv(tag, BerTlv.encode(copy), copy);
  }

  public static Tlv constructed(Tag tag, Tlv... children) {
    return constructed(tag, Arrays.asList(children));
  }

  /** Made by the decoder, which already holds the value bytes. */
  static Tlv decoded(Tag tag, byte[] value, List<Tlv> children) {
    return new Tlv(tag, value, Collections.unmodifiableList(children));
  }

  public Tag tag() {
    return tag;
  }

  /** A copy of the value bytes (for a constructed object, its children's encoding). */
  public byte[] value() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public boolean isConstructed() {
    return tag.isConstructed();
  }

  /** The children of a constructed object, in order; empty for a primitive one. */
  public List<Tlv> children() {
    return children;
  }

  /** The first direct child with this tag, or null. */
  public Tlv child(Tag t) {
    for (Tlv c : children) {
      if (c.tag.equals(t)) {
        return c;
      }
    }
    return null;
  }

  /** The first object with this tag in this object's subtree (itself included, depth first), or null. */
  public Tlv find(Tag t) {
    if (tag.equals(t)) {
      return this;
    }
    for (Tlv c : children) {
      Tlv f = c.find(t);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Every object with this tag in this object's subtree, depth first. */
  public List<Tlv> findAll(Tag t) {
    List<Tlv> out = new ArrayList<>();
    collect(t, out);
    return out;
  }

  void collect(Tag t, List<Tlv> out) {
    if (tag.equals(t)) {
      out.add(this);
    }
    for (Tlv c : children) {
      c.collect(t, out);
    }
  }

  /** Tag, minimal-length length field, value. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
    writeTo(out);
    return out.toByteArray();
  }

  void writeTo(ByteArrayOutputStream out) {
    byte[] t = tag.encode();
    out.write(t, 0, t.length);
    BerTlv.writeLength(out, value.length);
    out.write(value, 0, value.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tlv && ((Tlv) o).tag.equals(tag) && Arrays.equals(((Tlv) o).value, value);
  }

  @Override
  public int hashCode() {
    return tag.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return tag + "=" + Hex.encode(value);
  }
}
