package cn.unioncard.sim.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.SimulatedCard;
import java.nio.file.Path;

/** Commands for the tests, and a way to send them. */
public final class Apdus {
  public static final String SELECT_PPSE = "00A404000E325041592E5359532E444446303100";
  public static final String SELECT_PSE = "00A404000E315041592E5359532E444446303100";
  public static final String SELECT_DEBIT = "00A4040008A00000033301010100";
  public static final String TTQ_QPBOC = "A6000000";
  public static final String TTQ_CONTACT = "10000000"; // EMV contact chip only: no qPBOC
  public static final String DATE = "261123";
  public static final String UN = "1A2B3C4D";

  private Apdus() {}

  /** GPO with the V3 PDOL data: TTQ, amount, other 0, China, TVR 0, CNY, date, purchase, UN, DF60 00. */
  public static String gpo(String ttq, long amountFen, String date) {
    String data = ttq + Hex.encode(Bcd.encode(amountFen, 6)) + "000000000000" + "0156" + "0000000000" + "0156"
        + date + "00" + UN + "00";
    return "80A80000" + "24" + "8322" + data + "00";
  }

  /** CDOL1 data: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 9F21 9F4E(20) 9F34. */
  public static String cdol1(long amountFen) {
    String merchant = Hex.encode("UNION SHOP".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "00".repeat(10);
    return Hex.encode(Bcd.encode(amountFen, 6)) + "000000000000" + "0156" + "0000000000" + "0156" + DATE + "00" + UN
        + "103000" + merchant + "420300";
  }

  public static String generateAc(int p1, String data) {
    return "80AE" + Hex.byteToHex(p1) + "00" + Hex.byteToHex(data.length() / 2) + data + "00";
  }

  /** CDOL2 data: 8A, 91 (ARPC ‖ ARC), then the terminal values. */
  public static String cdol2(String arc, String arpc, String issuerArc, long amountFen) {
    return arc + arpc + issuerArc + Hex.encode(Bcd.encode(amountFen, 6)) + "000000000000" + "0156" + "0000000000"
        + "0156" + DATE + "00" + UN + "103005" + "0000";
  }

  public static ResponseApdu send(ApduTransport card, String hex) throws Exception {
    return ResponseApdu.parse(card.transmit(Hex.of(hex)));
  }

  public static ResponseApdu ok(ApduTransport card, String hex) throws Exception {
    ResponseApdu r = send(card, hex);
    assertEquals(0x9000, r.sw(), () -> "for " + hex + ": " + r);
    return r;
  }

  /** A bundled profile's card with its state in {@code dir}/NAME.json, no behaviours. */
  public static SimulatedCard card(String profile, Path dir) throws Exception {
    Path file = dir.resolve(profile + ".json");
    if (!java.nio.file.Files.exists(file)) {
      Profiles.copy(profile, file);
    }
    return SimulatedCard.open(file);
  }
}
