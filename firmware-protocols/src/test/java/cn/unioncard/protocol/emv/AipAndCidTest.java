package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AipAndCidTest {

  @Test
  void aipNamesEachBit() throws DecodeException {
    Aip a = Aip.decode(Hex.of("7D80"));
    assertTrue(a.sdaSupported());
    assertTrue(a.ddaSupported());
    assertTrue(a.cardholderVerificationSupported());
    assertTrue(a.terminalRiskManagementRequired());
    assertTrue(a.issuerAuthenticationSupported());
    assertFalse(a.onDeviceCardholderVerificationSupported());
    assertTrue(a.cdaSupported());
    assertTrue(a.emvModeSupported());
    assertTrue(a.msdSupported());
    assertArrayEquals(Hex.of("7D80"), a.encode());
    assertEquals("AIP 7D80 [SDA, DDA, CV, TRM, IA, CDA]", a.toString());

    Aip single = Aip.decode(Hex.of("4000"));
    assertTrue(single.sdaSupported());
    assertFalse(single.ddaSupported() || single.cdaSupported() || single.emvModeSupported());
    // V5's qVSDC AIP 0000: nothing
    Aip none = Aip.decode(Hex.of("0000"));
    assertFalse(none.sdaSupported() || none.ddaSupported() || none.cardholderVerificationSupported());
    assertThrows(DecodeException.class, () -> Aip.decode(Hex.of("7D")));
  }

  @ParameterizedTest(name = "CID {0}")
  @CsvSource({
    "00, AAC, false, 0",
    "40, TC, false, 0",
    "80, ARQC, false, 0", // V6 GENERATE AC responses
    "C0, AAR, false, 0",
    "0A, AAC, true, 2", // advice, PIN try limit exceeded
    "43, TC, false, 3",
  })
  void cidSplitsTypeAdviceAndReason(String hex, CryptogramType type, boolean advice, int reason)
      throws DecodeException {
    Cid c = Cid.decode(Hex.of(hex));
    assertEquals(type, c.type());
    assertEquals(advice, c.adviceRequired());
    assertEquals(reason, c.reasonCode());
    assertArrayEquals(Hex.of(hex), c.encode());
  }

  @Test
  void cidReasonsAndLength() throws DecodeException {
    assertEquals("PIN try limit exceeded", Cid.decode(Hex.of("0A")).reason());
    assertEquals("issuer authentication failed", new Cid(0x03).reason());
    assertEquals("RFU", new Cid(0x07).reason());
    assertEquals(2, new Cid(0xA0).paymentSystemBits());
    assertThrows(DecodeException.class, () -> Cid.decode(Hex.of("8000")));
  }
}
