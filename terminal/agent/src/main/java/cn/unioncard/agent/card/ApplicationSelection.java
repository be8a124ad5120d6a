package cn.unioncard.agent.card;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.CandidateList;
import cn.unioncard.protocol.emv.Directory;
import cn.unioncard.protocol.emv.DirectoryEntry;
import cn.unioncard.protocol.emv.Fci;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding a card's applications (EMV Book 1 clause 12.3): the payment system directories (PPSE for contactless,
 * PSE for contact) and, without one, SELECT of each known AID. Shared by {@link CardSession} (the read) and the
 * payment kernel, so both select the same way.
 */
public final class ApplicationSelection {
  /** Where a malformed directory is reported: the field ({@code "directory"}) and what was wrong. */
  public interface Problems {
    void problem(String field, String message);
  }

  private static final byte[] PPSE = "2PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PSE = "1PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII);
  /** Directory records read at most from the PSE's directory file. */
  static final int MAX_PSE_RECORDS = 16;

  private ApplicationSelection() {}

  /**
   * SELECT PPSE and its entries (EMV Book B 3.3); null when the card has no PPSE or its answer does not decode
   * (reported to {@code problems}).
   */
  public static List<DirectoryEntry> ppse(ApduTransport card, Problems problems) throws TransportException {
    ResponseApdu r = send(card, IsoCommands.selectByName(PPSE));
    if (!r.isOk()) {
      return null;
    }
    try {
      Directory d = Directory.fromPpse(Fci.decode(r.data()));
      if (d.skipped() > 0) {
        problems.problem("directory",
            d.skipped() + " malformed PPSE entr" + (d.skipped() == 1 ? "y" : "ies") + " skipped");
      }
      return d.entries();
    } catch (DecodeException e) {
      problems.problem("directory", "PPSE answer malformed: " + e.getMessage());
      return null;
    }
  }

  /**
   * SELECT PSE and READ RECORD its directory file until the card says there are no more (EMV Book 1 12.3.2); null
   * when the card has no PSE, its FCI names no directory file, or the directory does not decode.
   */
  public static List<DirectoryEntry> pse(ApduTransport card, Problems problems) throws TransportException {
    ResponseApdu r = send(card, IsoCommands.selectByName(PSE));
    if (!r.isOk()) {
      return null;
    }
    try {
      Integer sfi = Fci.decode(r.data()).directorySfi();
      if (sfi == null) {
        return null;
      }
      List<byte[]> records = new ArrayList<>();
      for (int n = 1; n <= MAX_PSE_RECORDS; n++) {
        ResponseApdu rec = send(card, IsoCommands.readRecord(n, sfi));
        if (!rec.isOk()) {
          break;
        }
        records.add(rec.data());
      }
      return Directory.fromRecords(records).entries();
    } catch (DecodeException e) {
      problems.problem("directory", "PSE malformed: " + e.getMessage());
      return null;
    }
  }

  /** SELECT each AID of {@code aids} in turn (EMV Book 1 12.3.3): an entry for each the card accepts. */
  public static List<DirectoryEntry> byAid(ApduTransport card, List<CandidateList.SupportedAid> aids)
      throws TransportException {
    List<DirectoryEntry> found = new ArrayList<>();
    for (CandidateList.SupportedAid aid : aids) {
      ResponseApdu sel = send(card, IsoCommands.selectByName(aid.aid()));
      if (sel.isOk()) {
        try {
          found.add(DirectoryEntry.decode(Tlv.constructed(Tag.of(0x61), Tlv.of(Tag.of(0x4F), aid.aid()))));
        } catch (DecodeException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return found;
  }

  /** Sends a command; an answer without a status word is the card failing ({@link CardIoException}). */
  public static ResponseApdu send(ApduTransport card, CommandApdu c) throws TransportException {
    byte[] r = card.transmit(c.encode());
    try {
      return ResponseApdu.parse(r);
    } catch (DecodeException e) {
      throw new CardIoException("card answered no status word", e);
    }
  }
}
