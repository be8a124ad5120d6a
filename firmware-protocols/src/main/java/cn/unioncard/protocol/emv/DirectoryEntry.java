package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;

/**
 * One Application Template ({@code 61}) of a directory: a PSE directory record (EMV Book 1 clause 12.2.3)
 * or the PPSE FCI (EMV Book B clause 3.3). It names an ADF ({@code 4F}) or, in a PSE, a further directory
 * ({@code 9D} DDF name). The name is checked when the entry is decoded; the optional fields (label,
 * preferred name, priority, discretionary template) are decoded on request, each failing alone.
 */
public final class DirectoryEntry {
  private final Tlv template;
  private final byte[] name;
  private final boolean ddf;

  private DirectoryEntry(Tlv template, byte[] name, boolean ddf) {
    this.template = template;
    this.name = name;
    this.ddf = ddf;
  }

  /** Decodes an Application Template: it must hold an ADF name {@code 4F} or DDF name {@code 9D} of 5-16 bytes. */
  public static DirectoryEntry decode(Tlv template) throws DecodeException {
    if (!template.tag().equals(EmvTags.APPLICATION_TEMPLATE)) {
      throw new DecodeException("directory entry: tag is not 61", 0, template.tag().hex());
    }
    Tlv adf = template.child(EmvTags.AID);
    Tlv ddf = template.child(EmvTags.DDF_NAME);
    Tlv named = adf != null ? adf : ddf;
    if (named == null) {
      throw new DecodeException("directory entry without ADF name (4F) or DDF name (9D)", 0, "61");
    }
    if (named.length() < 5 || named.length() > 16) {
      throw new DecodeException(
          "directory entry: name of " + named.length() + " bytes, expected 5..16", 0, named.tag().hex());
    }
    return new DirectoryEntry(template, named.value(), adf == null);
  }

  /** The ADF name (AID) or, for a DDF entry, the DDF name. */
  public byte[] name() {
    return name.clone();
  }

  /** Whether the entry names a further directory (DDF, {@code 9D}) rather than an application. */
  public boolean isDdf() {
    return ddf;
  }

  /** The whole {@code 61} template. */
  public Tlv template() {
    return template;
  }

  /** Application Label {@code 50}, or null when absent. */
  public String label() throws DecodeException {
    return text(EmvTags.APPLICATION_LABEL);
  }

  /** Application Preferred Name {@code 9F12}, or null when absent. */
  public String preferredName() throws DecodeException {
    return text(EmvTags.APPLICATION_PREFERRED_NAME);
  }

  /** Application Priority Indicator {@code 87}, or null when absent. */
  public ApplicationPriority priority() throws DecodeException {
    Tlv t = template.child(EmvTags.APPLICATION_PRIORITY_INDICATOR);
    return t == null ? null : ApplicationPriority.decode(t.value());
  }

  /** Directory Discretionary Template {@code 73}, or null when absent. */
  public Tlv discretionaryTemplate() {
    return template.child(EmvTags.DIRECTORY_DISCRETIONARY_TEMPLATE);
  }

  private String text(Tag tag) throws DecodeException {
    Tlv t = template.child(tag);
    if (t == null) {
      return null;
    }
    byte[] v = t.value();
    EmvTags.checkLength(tag, v);
    try {
      return Texts.asciiOrGbk(v, EmvTags.nameOf(tag));
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirectoryEntry && ((DirectoryEntry) o).template.equals(template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return (ddf ? "DDF " : "ADF ") + Hex.encode(name);
  }
}
