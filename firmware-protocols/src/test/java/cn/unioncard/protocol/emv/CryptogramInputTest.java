package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import cn.unioncard.protocol.crypto.EmvKeyDerivation;
import cn.unioncard.protocol.crypto.MacPadding;
import cn.unioncard.protocol.tlv.Tag;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CryptogramInputTest {

  /** The data of ../shared/vectors/crypto.md §5.7, Visa CVN 10 (pyemv tests/test_cvn_hsm.py), by tag. */
  private static Map<Tag, byte[]> cvn10Data() {
    Map<Tag, byte[]> m = new HashMap<>();
    m.put(EmvTags.AMOUNT_AUTHORISED, Hex.of("000000004000"));
    m.put(EmvTags.AMOUNT_OTHER, Hex.of("000000000000"));
    m.put(EmvTags.TERMINAL_COUNTRY_CODE, Hex.of("0124"));
    m.put(EmvTags.TVR, Hex.of("8000048000"));
    m.put(EmvTags.TRANSACTION_CURRENCY_CODE, Hex.of("0124"));
    m.put(EmvTags.TRANSACTION_DATE, Hex.of("191105"));
    m.put(EmvTags.TRANSACTION_TYPE, Hex.of("01"));
    m.put(EmvTags.UNPREDICTABLE_NUMBER, Hex.of("52BF4585"));
    m.put(EmvTags.AIP, Hex.of("1800"));
    m.put(EmvTags.ATC, Hex.of("001C"));
    m.put(EmvTags.ISSUER_APPLICATION_DATA, Hex.of("06010A03A06010"));
    return m;
  }

  @Test
  void buildsTheVectorsInputAndItsCryptogram() throws DecodeException {
    byte[] input = CryptogramInput.build(cvn10Data());
    assertEquals(
        "000000004000" + "000000000000" + "0124" + "8000048000" + "0124" + "191105" + "01" + "52BF4585" + "1800"
            + "001C" + "03A06010",
        Hex.encode(input));
    // §5.7: CVN 10 computes the ARQC with the ICC master key itself, zero padding
    byte[] mk =
        EmvKeyDerivation.iccMasterKeyOptionA(Hex.of("0123456789ABCDEFFEDCBA9876543210"), "1234567890123456", "00");
    assertEquals("29CCA15AE665FA2E", Hex.encode(ApplicationCryptogram.generate(mk, input, MacPadding.METHOD_1)));
  }

  @Test
  void namesAMissingTag() {
    Map<Tag, byte[]> data = cvn10Data();
    data.remove(EmvTags.UNPREDICTABLE_NUMBER);
    DecodeException e = assertThrows(DecodeException.class, () -> CryptogramInput.build(data));
    assertEquals("9F37", e.tag());
  }

  @Test
  void namesATagOfTheWrongLength() {
    Map<Tag, byte[]> data = cvn10Data();
    data.put(EmvTags.AMOUNT_AUTHORISED, Hex.of("4000"));
    DecodeException e = assertThrows(DecodeException.class, () -> CryptogramInput.build(data));
    assertEquals("9F02", e.tag());
  }

  @Test
  void refusesIssuerApplicationDataTooShortForACvr() {
    Map<Tag, byte[]> data = cvn10Data();
    data.put(EmvTags.ISSUER_APPLICATION_DATA, Hex.of("06010A03"));
    DecodeException e = assertThrows(DecodeException.class, () -> CryptogramInput.build(data));
    assertEquals("9F10", e.tag());
  }
}
