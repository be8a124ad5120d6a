package cn.unioncard.agent.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

class ApduRedactorTest {
  @Test
  void masksPanTrackTwoAndNameInARecord() {
    // READ RECORD answer: 70 { 5A PAN, 57 track 2, 5F20 name, 5F24 expiry }
    String pan = "6217001234567890123";
    byte[] response = Hex.of("702E" + "5A0A6217001234567890123F" + "5713" + "6217001234567890123D30122201234567890F" + "5F2004" + "5A48414E" + "5F2403301231" + "9000");
    String logged = ApduRedactor.response(Hex.of("00B2010C00"), response);
    assertFalse(logged.contains(pan), logged);
    assertFalse(logged.contains("5A48414E"), "name masked: " + logged);
    assertEquals("702E5A0A621700*********0123*5713621700*********0123"
        + "*******************" + "5F2004********5F24033012319000", logged);
  }

  @Test
  void masksTheTransitHolderFileWhole() {
    String logged = ApduRedactor.response(Hex.of("00B0960037"), Hex.of("0100C0EEB0B29000"));
    assertEquals("************9000", logged);
  }

  @Test
  void leavesOtherDataAndNonTlvAlone() {
    assertEquals("00000AC39000", ApduRedactor.response(Hex.of("805C000204"), Hex.of("00000AC39000")));
    assertEquals("6A82", ApduRedactor.response(Hex.of("00A4040002AABB00"), Hex.of("6A82")));
  }

  @Test
  void aPieceOfAChainedResponseIsMaskedWhole() {
    // the first 16 bytes of a record whose track 2 goes on in the next piece (61xx): not TLV on its own
    byte[] piece = Hex.of("702B570F6217001234567890D3012201" + "6114");
    String logged = ApduRedactor.response(Hex.of("00B2010C00"), piece);
    assertEquals("********************************6114", logged);
  }

  @Test
  void shortAndTransitAnswersStayReadable() {
    assertEquals("0102030405060708" + "9000", ApduRedactor.response(Hex.of("0084000008"), Hex.of("01020304050607089000")));
    String trip = "06" + "0000010203040506" + "02" + "00010000000000" + "000000C8" + "000012C0" + "20261123083015"
        + "5180" + "0000000000000001" + "000000000000";
    assertEquals(trip + "9000", ApduRedactor.response(Hex.of("00B201F400"), Hex.of(trip + "9000")));
  }
}
