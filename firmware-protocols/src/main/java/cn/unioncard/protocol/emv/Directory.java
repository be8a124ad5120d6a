package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tlv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The entries of a payment system directory, in the order the card gives them: from the PPSE FCI (contactless,
 * {@code BF0C} of the FCI of "2PAY.SYS.DDF01"; EMV Book B clause 3.3.2) or from the records of a PSE directory
 * file (contact, READ RECORD of the SFI in {@code 88}; each record a {@code 70} template of {@code 61} entries;
 * EMV Book 1 clause 12.2.3).
 *
 * <p>An entry that does not decode (no {@code 4F}/{@code 9D}, or a name of the wrong length) is skipped and
 * counted in {@link #skipped()}, so that one bad entry does not hide the good ones (EMV Book B clause 3.3.2
 * has the reader move on to the next entry).
 */
public final class Directory {
  private final List<DirectoryEntry> entries;
  private final int skipped;

  private Directory(List<DirectoryEntry> entries, int skipped) {
    this.entries = Collections.unmodifiableList(entries);
    this.skipped = skipped;
  }

  /** The entries of a PPSE FCI: the {@code 61} templates directly inside its {@code BF0C}. */
  public static Directory fromPpse(Fci fci) {
    List<DirectoryEntry> out = new ArrayList<>();
    int skipped = 0;
    Tlv bf0c = fci.issuerDiscretionaryData();
    if (bf0c != null) {
      for (Tlv t : bf0c.children()) {
        if (t.tag().equals(EmvTags.APPLICATION_TEMPLATE)) {
          skipped += add(t, out);
        }
      }
    }
    return new Directory(out, skipped);
  }

  /**
   * The entries of one PSE directory record (the READ RECORD response data): a single {@code 70} template holding
   * {@code 61} templates. A record that is not a {@code 70} template fails.
   */
  public static Directory fromRecord(byte[] record) throws DecodeException {
    return fromRecords(Collections.singletonList(record));
  }

  /** The entries of all records of a PSE directory file, in record order. */
  public static Directory fromRecords(List<byte[]> records) throws DecodeException {
    List<DirectoryEntry> out = new ArrayList<>();
    int skipped = 0;
    for (byte[] record : records) {
      Tlv t70 = BerTlv.decodeOne(record);
      if (!t70.tag().equals(EmvTags.RECORD_TEMPLATE)) {
        throw new DecodeException("directory record: tag " + t70.tag() + ", expected 70", 0);
      }
      for (Tlv t : t70.children()) {
        if (t.tag().equals(EmvTags.APPLICATION_TEMPLATE)) {
          skipped += add(t, out);
        }
      }
    }
    return new Directory(out, skipped);
  }

  private static int add(Tlv t, List<DirectoryEntry> out) {
    try {
      out.add(DirectoryEntry.decode(t));
      return 0;
    } catch (DecodeException e) {
      return 1;
    }
  }

  /** The entries that decoded, in directory order. */
  public List<DirectoryEntry> entries() {
    return entries;
  }

  /** How many {@code 61} templates were skipped because they did not decode. */
  public int skipped() {
    return skipped;
  }

  @Override
  public String toString() {
    return "Directory" + entries + (skipped > 0 ? " (" + skipped + " skipped)" : "");
  }
}
