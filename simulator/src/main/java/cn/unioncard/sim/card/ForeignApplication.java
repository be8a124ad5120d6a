package cn.unioncard.sim.card;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.EmvValues;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.emv.Track2;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A minimal payment application of another scheme (a Visa card's {@code A0000000031010}), so a foreign card is
 * recognised and read but never paid with: FCI with the qVSDC PDOL of capture V5, GET PROCESSING OPTIONS
 * answered in format 1 with one record, READ RECORD of that record (track 2, PAN, expiry, name). Any other
 * command gets {@code 6D00}. It keeps no state.
 */
public final class ForeignApplication implements CardApplication {
  /** The PDOL of the Visa test card of capture V5 (card-captures.md). */
  static final String PDOL_HEX = "9F66049F02069F03069F1A0295055F2A029A039C019F3704";

  private final byte[] aid;
  private final String label;
  private final int priority;
  private final String pan;
  private final LocalDate expiryDate;
  private final String cardholderName;

  ForeignApplication(byte[] aid, String label, int priority, String pan, LocalDate expiryDate, String name) {
    this.aid = aid.clone();
    this.label = label;
    this.priority = priority;
    this.pan = pan;
    this.expiryDate = expiryDate;
    this.cardholderName = name;
  }

  static ForeignApplication fromJson(JsonFields f) throws ProfileException {
    byte[] aid = f.optHex("aid", 5, 16);
    if (aid == null) {
      throw new ProfileException(f.at("aid"), "missing");
    }
    if (Hex.encode(aid).startsWith("A000000333")) {
      throw new ProfileException(f.at("aid"), "a UnionPay AID: use the debit section");
    }
    String label = f.optText("label", "CREDIT");
    if (label.isEmpty() || label.length() > 16 || !label.matches("[\\x20-\\x7E]+")) {
      throw new ProfileException(f.at("label"), "not 1..16 printable ASCII characters");
    }
    int priority = (int) f.optNumber("priority", 1, 15, 1);
    String pan = f.text("pan");
    try {
      if (!Pan.parse(pan).luhnValid()) {
        throw new ProfileException(f.at("pan"), "fails its Luhn check");
      }
    } catch (DecodeException e) {
      throw new ProfileException(f.at("pan"), "not a PAN: " + e.reason());
    }
    LocalDate expiry = f.optDate("expiry_date");
    if (expiry == null) {
      throw new ProfileException(f.at("expiry_date"), "missing");
    }
    if (expiry.getYear() < 2000 || expiry.getYear() > 2049) {
      throw new ProfileException(f.at("expiry_date"), "year outside 2000..2049 (n6 YYMMDD)");
    }
    String name = f.optText("cardholder_name", "CARDHOLDER/TEST");
    if (name.length() < 2 || name.length() > 26 || !name.matches("[\\x20-\\x7E]+")) {
      throw new ProfileException(f.at("cardholder_name"), "not 2..26 printable ASCII characters");
    }
    f.end();
    return new ForeignApplication(aid, label, priority, pan, expiry, name);
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("aid", Hex.encode(aid));
    o.put("label", label);
    o.put("priority", priority);
    o.put("pan", pan);
    o.put("expiry_date", expiryDate.toString());
    o.put("cardholder_name", cardholderName);
    return o;
  }

  String label() {
    return label;
  }

  int priority() {
    return priority;
  }

  @Override
  public byte[] aid() {
    return aid.clone();
  }

  @Override
  public ResponseApdu select() {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    Tlv fci = Tlv.constructed(EmvTags.FCI_TEMPLATE,
        Tlv.of(EmvTags.DF_NAME, aid),
        Tlv.constructed(EmvTags.FCI_PROPRIETARY_TEMPLATE,
            Tlv.of(EmvTags.APPLICATION_LABEL, l),
            Tlv.of(EmvTags.APPLICATION_PRIORITY_INDICATOR, new byte[] {(byte) priority}),
            Tlv.of(EmvTags.PDOL, Hex.of(PDOL_HEX))));
    return new ResponseApdu(fci.encode(), 0x9000);
  }

  @Override
  public ResponseApdu process(CommandApdu c) {
    if (c.ins() == 0xA8) {
      if (c.cla() != 0x80) {
        return ResponseApdu.of(0x6E00);
      }
      if (c.p1() != 0 || c.p2() != 0) {
        return ResponseApdu.of(0x6A86);
      }
      if (c.nc() != 2 + 33 || (c.data()[0] & 0xFF) != 0x83 || (c.data()[1] & 0xFF) != 33) {
        return ResponseApdu.of(0x6700);
      }
      // format 1: AIP 0000 (nothing offline), AFL SFI 1 record 1
      return new ResponseApdu(Hex.of("8006" + "0000" + "08010100"), 0x9000);
    }
    if (c.ins() == 0xB2) {
      if (c.cla() != 0x00) {
        return ResponseApdu.of(0x6E00);
      }
      if ((c.p2() & 0x07) != 0x04 || c.p1() == 0) {
        return ResponseApdu.of(0x6A86);
      }
      if (c.p2() >> 3 != 1) {
        return ResponseApdu.of(0x6A82);
      }
      if (c.p1() != 1) {
        return ResponseApdu.of(0x6A83);
      }
      return new ResponseApdu(record(), 0x9000);
    }
    return ResponseApdu.of(0x6D00);
  }

  private byte[] record() {
    Pan p;
    try {
      p = Pan.parse(pan);
    } catch (DecodeException e) {
      throw new IllegalStateException("PAN checked on load", e);
    }
    Track2 t2 = new Track2(p, YearMonth.from(expiryDate), "201", "00000000");
    return Tlv.constructed(EmvTags.RECORD_TEMPLATE,
        Tlv.of(EmvTags.TRACK2, t2.encode()),
        Tlv.of(EmvTags.PAN, p.encode()),
        Tlv.of(EmvTags.EXPIRY_DATE, EmvValues.encodeDate(expiryDate)),
        Tlv.of(EmvTags.CARDHOLDER_NAME, cardholderName.getBytes(StandardCharsets.US_ASCII)),
        Tlv.of(Tag.of(0x5F28), Hex.of("0840"))).encode();
  }
}
