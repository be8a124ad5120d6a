package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.List;

/**
 * The File Control Information a SELECT returns ({@code 6F}; EMV Book 1 clause 11.3.4; JR/T
 * 0025): the DF name {@code 84} and the FCI Proprietary Template {@code A5}. The same shape serves the PSE
 * ({@code A5} holds the directory SFI {@code 88}), the PPSE ({@code A5} holds {@code BF0C} with the directory
 * entries), an ADF ({@code A5} holds the label, priority, PDOL, language, code table, preferred name and
 * {@code BF0C} issuer data such as the PBOC log entries) and a PBOC/JT/T purse DF ({@code A5} holds
 * {@code 9F08}, {@code 9F0C}).
 *
 * <p>Decoding checks only the frame: one {@code 6F} holding a DF name of 5-16 bytes. The raw TLV is kept and
 * every other field is decoded on request, failing alone with a {@link DecodeException} (null when absent).
 */
public final class Fci {
  private final Tlv template;
  private final byte[] dfName;

  private Fci(Tlv template, byte[] dfName) {
    this.template = template;
    this.dfName = dfName;
  }

  /** Decodes SELECT response data (without the status word). */
  public static Fci decode(byte[] responseData) throws DecodeException {
    Tlv t = BerTlv.decodeOne(responseData);
    if (!t.tag().equals(EmvTags.FCI_TEMPLATE)) {
      throw new DecodeException("FCI: tag " + t.tag() + ", expected 6F", 0);
    }
    Tlv name = t.child(EmvTags.DF_NAME);
    if (name == null) {
      throw new DecodeException("FCI without DF name (84)", 0, "6F");
    }
    if (name.length() < 5 || name.length() > 16) {
      throw new DecodeException(
          "FCI: DF name of " + name.length() + " bytes, expected 5..16", 0, "84");
    }
    return new Fci(t, name.value());
  }

  /** The DF name {@code 84}: the AID of an ADF, or "1PAY.SYS.DDF01" / "2PAY.SYS.DDF01". */
  public byte[] dfName() {
    return dfName.clone();
  }

  /** The whole {@code 6F} template. */
  public Tlv template() {
    return template;
  }

  /** The FCI Proprietary Template {@code A5}, or null. */
  public Tlv proprietaryTemplate() {
    return template.child(EmvTags.FCI_PROPRIETARY_TEMPLATE);
  }

  /** The FCI Issuer Discretionary Data {@code BF0C} inside {@code A5}, or null. */
  public Tlv issuerDiscretionaryData() {
    Tlv a5 = proprietaryTemplate();
    return a5 == null ? null : a5.child(EmvTags.FCI_ISSUER_DISCRETIONARY_DATA);
  }

  /**
   * A data object of the proprietary part: a direct child of {@code A5} or of its {@code BF0C}, or null. Use it
   * for proprietary data kept raw, such as {@code 9F0C} of a purse DF or {@code DF61}.
   */
  public Tlv proprietary(Tag tag) {
    Tlv a5 = proprietaryTemplate();
    if (a5 == null) {
      return null;
    }
    Tlv t = a5.child(tag);
    if (t != null) {
      return t;
    }
    Tlv bf0c = a5.child(EmvTags.FCI_ISSUER_DISCRETIONARY_DATA);
    return bf0c == null ? null : bf0c.child(tag);
  }

  /** Application Label {@code 50}. */
  public String applicationLabel() throws DecodeException {
    return text(EmvTags.APPLICATION_LABEL);
  }

  /** Application Preferred Name {@code 9F12}. */
  public String applicationPreferredName() throws DecodeException {
    return text(EmvTags.APPLICATION_PREFERRED_NAME);
  }

  /** Application Priority Indicator {@code 87}. */
  public ApplicationPriority priority() throws DecodeException {
    byte[] v = value(EmvTags.APPLICATION_PRIORITY_INDICATOR);
    return v == null ? null : ApplicationPriority.decode(v);
  }

  /** The PDOL {@code 9F38}; null when the card asks for no data (then GPO sends {@code 8300}). */
  public Dol pdol() throws DecodeException {
    byte[] v = value(EmvTags.PDOL);
    try {
      return v == null ? null : Dol.parse(v);
    } catch (DecodeException e) {
      throw e.inTag("9F38");
    }
  }

  /** Language Preference {@code 5F2D}, for example {@code ["zh"]}. */
  public List<String> languagePreference() throws DecodeException {
    byte[] v = value(EmvTags.LANGUAGE_PREFERENCE);
    return v == null ? null : EmvValues.languagePreference(v);
  }

  /** Issuer Code Table Index {@code 9F11} (n2: the ISO/IEC 8859 part for {@code 9F12}). */
  public Integer issuerCodeTableIndex() throws DecodeException {
    byte[] v = value(EmvTags.ISSUER_CODE_TABLE_INDEX);
    if (v == null) {
      return null;
    }
    EmvTags.checkLength(EmvTags.ISSUER_CODE_TABLE_INDEX, v);
    try {
      return (int) EmvValues.numeric(v, "issuer code table index");
    } catch (DecodeException e) {
      throw e.inTag("9F11");
    }
  }

  /** The SFI of the PSE directory file {@code 88} (1 to 30). */
  public Integer directorySfi() throws DecodeException {
    byte[] v = value(EmvTags.SFI);
    if (v == null) {
      return null;
    }
    if (v.length != 1 || v[0] < 1 || v[0] > 30) {
      throw new DecodeException("SFI: " + Hex.encode(v) + " is not one byte 01..1E", 0, "88");
    }
    return (int) v[0];
  }

  /** The transaction Log Entry {@code 9F4D} in {@code BF0C}. */
  public LogEntry logEntry() throws DecodeException {
    return logEntry(EmvTags.LOG_ENTRY);
  }

  /** The PBOC electronic-cash Load Log Entry {@code DF4D} in {@code BF0C}. */
  public LogEntry loadLogEntry() throws DecodeException {
    return logEntry(EmvTags.LOAD_LOG_ENTRY);
  }

  /** For a PPSE: its directory entries ({@code 61} in {@code BF0C}). */
  public Directory directory() {
    return Directory.fromPpse(this);
  }

  private LogEntry logEntry(Tag tag) throws DecodeException {
    byte[] v = value(tag);
    try {
      return v == null ? null : LogEntry.decode(v);
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
  }

  private byte[] value(Tag tag) {
    Tlv t = proprietary(tag);
    return t == null ? null : t.value();
  }

  private String text(Tag tag) throws DecodeException {
    byte[] v = value(tag);
    if (v == null) {
      return null;
    }
    EmvTags.checkLength(tag, v);
    try {
      return Texts.asciiOrGbk(v, EmvTags.nameOf(tag));
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
  }

  @Override
  public String toString() {
    return "FCI " + Hex.encode(dfName);
  }
}
