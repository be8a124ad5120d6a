package cn.unioncard.sim.card;

import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The card's payment system directories, built from the applications it carries (EMV Book 1 12.2): the PPSE
 * ({@code 2PAY.SYS.DDF01}, contactless; the entries {@code 61} in the FCI's {@code BF0C}) and the PSE
 * ({@code 1PAY.SYS.DDF01}, contact; its FCI names the directory file SFI 1 in tag {@code 88}, read by READ
 * RECORD, one record holding every entry).
 */
final class DirectoryApplication implements CardApplication {
  static final byte[] PPSE = "2PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PSE = "1PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII);
  static final int PSE_SFI = 1;

  private final boolean contactless;
  private final List<Tlv> entries;

  private DirectoryApplication(boolean contactless, List<Tlv> entries) {
    this.contactless = contactless;
    this.entries = entries;
  }

  static DirectoryApplication ppse(List<ListedApplication> apps) {
    return new DirectoryApplication(true, entries(apps, true));
  }

  static DirectoryApplication pse(List<ListedApplication> apps) {
    return new DirectoryApplication(false, entries(apps, false));
  }

  private static List<Tlv> entries(List<ListedApplication> apps, boolean ppse) {
    List<Tlv> out = new ArrayList<>();
    for (ListedApplication a : apps) {
      if (ppse ? a.inPpse() : a.inPse()) {
        out.add(Tlv.constructed(EmvTags.APPLICATION_TEMPLATE,
            Tlv.of(EmvTags.AID, a.application().aid()),
            Tlv.of(EmvTags.APPLICATION_LABEL, a.label().getBytes(StandardCharsets.US_ASCII)),
            Tlv.of(EmvTags.APPLICATION_PRIORITY_INDICATOR, new byte[] {(byte) a.priority()})));
      }
    }
    return out;
  }

  @Override
  public byte[] aid() {
    return (contactless ? PPSE : PSE).clone();
  }

  @Override
  public ResponseApdu select() {
    Tlv a5;
    if (contactless) {
      a5 = Tlv.constructed(EmvTags.FCI_PROPRIETARY_TEMPLATE,
          Tlv.constructed(EmvTags.FCI_ISSUER_DISCRETIONARY_DATA, entries));
    } else {
      a5 = Tlv.constructed(EmvTags.FCI_PROPRIETARY_TEMPLATE,
          Tlv.of(EmvTags.SFI, new byte[] {PSE_SFI}),
          Tlv.of(EmvTags.LANGUAGE_PREFERENCE, new byte[] {'z', 'h'}));
    }
    Tlv fci = Tlv.constructed(EmvTags.FCI_TEMPLATE, Tlv.of(EmvTags.DF_NAME, aid()), a5);
    return new ResponseApdu(fci.encode(), 0x9000);
  }

  @Override
  public ResponseApdu process(CommandApdu c) {
    if (c.ins() != 0xB2) {
      return ResponseApdu.of(0x6D00);
    }
    if (c.cla() != 0x00) {
      return ResponseApdu.of(0x6E00);
    }
    if ((c.p2() & 0x07) != 0x04 || c.p1() == 0) {
      return ResponseApdu.of(0x6A86);
    }
    if (contactless || c.p2() >> 3 != PSE_SFI) {
      return ResponseApdu.of(0x6A82); // the PPSE has no directory file; the PSE only SFI 1
    }
    if (c.p1() != 1 || entries.isEmpty()) {
      return ResponseApdu.of(0x6A83);
    }
    return new ResponseApdu(Tlv.constructed(Tag.of(0x70), entries).encode(), 0x9000);
  }
}
