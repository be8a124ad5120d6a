package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every value of shared/vectors/crypto.md §5.7 this package covers: pyemv tests/test_ac_hsm.py, test_kd_hsm.py and
 * test_cvn_hsm.py (published KCVs and cryptograms, full keys re-derived twice there), plus the PBOC-style rows.
 */
class EmvCryptogramTest {
  private static final byte[] IMK = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  private static final byte[] R = Hex.of("1234567890123456");
  private static final byte[] AC_DATA = Hex.of("0123456789ABCDEF0123456789ABCDEF");
  private static final byte[] ARC_0000 = Hex.of("0000");
  private static final byte[] CSU_0 = Hex.of("00000000");

  @Test
  void issuerMasterKeyCheckValue() {
    assertEquals("08D7B4", Hex.encode(BlockAlgorithm.TDEA.checkValue(IMK)));
  }

  @ParameterizedTest(name = "{0} PAN {1} PSN {2}")
  // §5.7 table, columns ICC MK (KCV), session key (KCV), ARQC, ARPC method 1 (key = ICC MK), ARPC method 2
  @CsvSource({
    "A, 9901234567890123, 45, F84315C7B95BD3B0C74694922C3808B0, 1DA5, 3E736BF8D37664348A04E3ABE00DEFC1, 0995,"
        + " 4B46013359B7A58B, F8C9CECAABD55AD1, 7DFB1188",
    "A, 12345678901234567, 45, 946DC1A8C78A624519BC4645CB073737, FF08, C7AEDF49AEF2F146D692400E0B851A8F, DF82,"
        + " 19C1FBC83EBDC0D5, 78A372523FA35A03, 4DED0E76",
    "B, 12345678901234567, 45, F767ECC2263B2C543775CB62AB6B57D6, 0BAF, 57BC2351208C7AB0B6F2C8ABC2F7972C, 4262,"
        + " 5760EE07B4FA65D1, E78C2A668EBCD1A3, 106B81D9"
  })
  void pyemvCases(
      String option,
      String pan,
      String psn,
      String mk,
      String mkKcv,
      String sk,
      String skKcv,
      String arqc,
      String arpc1,
      String arpc2) {
    byte[] iccMk =
        option.equals("A")
            ? EmvKeyDerivation.iccMasterKeyOptionA(IMK, pan, psn)
            : EmvKeyDerivation.iccMasterKeyOptionB(IMK, pan, psn);
    assertEquals(mk, Hex.encode(iccMk));
    assertTrue(Keys.hasOddParity(iccMk));
    assertEquals(mkKcv, Hex.encode(BlockAlgorithm.TDEA.checkValue(iccMk)).substring(0, 4));
    byte[] session = EmvKeyDerivation.commonSessionKey(iccMk, R);
    assertEquals(sk, Hex.encode(session));
    assertEquals(skKcv, Hex.encode(BlockAlgorithm.TDEA.checkValue(session)).substring(0, 4));
    byte[] ac = ApplicationCryptogram.generate(session, AC_DATA);
    assertEquals(arqc, Hex.encode(ac));
    assertEquals(arpc1, Hex.encode(ApplicationCryptogram.arpcMethod1(iccMk, ac, ARC_0000)));
    assertEquals(arpc2, Hex.encode(ApplicationCryptogram.arpcMethod2(session, ac, CSU_0, new byte[0])));
  }

  @Test
  void arpcMethod1UnderTheSessionKey() {
    // §5.7 case 2: ARPC method 1 with the session key instead of the ICC MK -> C3620580668E5B65
    byte[] sk = Hex.of("C7AEDF49AEF2F146D692400E0B851A8F");
    byte[] arqc = Hex.of("19C1FBC83EBDC0D5");
    assertEquals("C3620580668E5B65", Hex.encode(ApplicationCryptogram.arpcMethod1(sk, arqc, ARC_0000)));
  }

  @Test
  void optionBWithAnEighteenDigitPan() {
    // §5.7 case 4: Option B, PAN 000000000000000005, PSN 23, R = 001C000000000000 (ATC 001C)
    byte[] mk = EmvKeyDerivation.iccMasterKeyOptionB(IMK, "000000000000000005", "23");
    assertEquals("2608BAA2378C92DAE0948A97E0CD230B", Hex.encode(mk));
    assertEquals("DD73", Hex.encode(BlockAlgorithm.TDEA.checkValue(mk)).substring(0, 4));
    byte[] sk = EmvKeyDerivation.commonSessionKeyForAc(mk, Hex.of("001C"));
    assertEquals("512CE0EC80A45DAB49D5B59492E59BD9", Hex.encode(sk));
    assertEquals("04F8", Hex.encode(BlockAlgorithm.TDEA.checkValue(sk)).substring(0, 4));
    byte[] data = Hex.of("0000000040000000000000000124800004800001241911050152BF45851800001C06011203A0B800");
    byte[] arqc = ApplicationCryptogram.generate(sk, data);
    assertEquals("8CAD6F2489C640B1", Hex.encode(arqc));
    assertEquals("C317E0946B892033", Hex.encode(ApplicationCryptogram.arpcMethod1(mk, arqc, ARC_0000)));
    assertEquals("50F79006", Hex.encode(ApplicationCryptogram.arpcMethod2(sk, arqc, CSU_0, new byte[0])));
    // with proprietary authentication data 12345678 [P]
    assertEquals("E39F1876", Hex.encode(ApplicationCryptogram.arpcMethod2(sk, arqc, CSU_0, Hex.of("12345678"))));
  }

  @Test
  void arpcMethod2WithEightBytesOfProprietaryData() {
    // §5.7 "Other pyemv published values": case 1, prop. auth data 1234567890ABCDEF -> 4962B76C
    byte[] sk = Hex.of("3E736BF8D37664348A04E3ABE00DEFC1");
    byte[] arqc = Hex.of("4B46013359B7A58B");
    assertEquals(
        "4962B76C", Hex.encode(ApplicationCryptogram.arpcMethod2(sk, arqc, CSU_0, Hex.of("1234567890ABCDEF"))));
  }

  @Test
  void visaZeroPadding() {
    // §5.7 "Visa padding (00) on data …EF01": case-1 session key, data AC_DATA ‖ 01, padding method 1;
    // ARPC method 1 under the case-1 ICC MK, ARC 0000
    byte[] sk = Hex.of("3E736BF8D37664348A04E3ABE00DEFC1");
    byte[] mk = Hex.of("F84315C7B95BD3B0C74694922C3808B0");
    byte[] arqc =
        ApplicationCryptogram.generate(sk, Hex.of("0123456789ABCDEF0123456789ABCDEF01"), MacPadding.METHOD_1);
    assertEquals("2E141C6BC4A20DA8", Hex.encode(arqc));
    assertEquals("16A49AAB314B9262", Hex.encode(ApplicationCryptogram.arpcMethod1(mk, arqc, ARC_0000)));
  }

  @Test
  void visaCvn10() {
    // §5.7, pyemv tests/test_cvn_hsm.py: CVN 10 uses the ICC MK itself and zero padding
    byte[] mk = EmvKeyDerivation.iccMasterKeyOptionA(IMK, "1234567890123456", "00");
    byte[] data =
        Hex.of(
            "000000004000" // 9F02
                + "000000000000" // 9F03
                + "0124" // 9F1A
                + "8000048000" // 95
                + "0124" // 5F2A
                + "191105" // 9A
                + "01" // 9C
                + "52BF4585" // 9F37
                + "1800" // 82
                + "001C" // 9F36
                + "03A06010"); // CVR
    byte[] arqc = ApplicationCryptogram.generate(mk, data, MacPadding.METHOD_1);
    assertEquals("29CCA15AE665FA2E", Hex.encode(arqc));
    assertEquals("28993816AFAE4AEB", Hex.encode(ApplicationCryptogram.arpcMethod1(mk, arqc, Hex.of("3030"))));
  }

  @ParameterizedTest(name = "ATC {0}")
  // §5.7 "PBOC-style session key" [C] (algorithm of billzbh/XML2Java hsmsimu.c, §2.3), MK = case-1 ICC MK,
  // data AC_DATA, ARC 3030
  @CsvSource({
    "0001, 5317D1392E7E34959D4CFBD32E05E3C3, 7D89D6, 708B895535F0F982, 3E2FC0AEE3FEB244",
    "001C, A5A7E3D0F47704176824A938949ABDE8, 85E274, 51F9D57B1D53203D, 9C6725182BFE70C8"
  })
  void pbocSessionKeyAndCryptograms(String atc, String sk, String kcv, String ac, String arpc) {
    byte[] mk = Hex.of("F84315C7B95BD3B0C74694922C3808B0");
    byte[] session = EmvKeyDerivation.pbocSessionKey(mk, Hex.of(atc));
    assertEquals(sk, Hex.encode(session));
    assertEquals(kcv, Hex.encode(BlockAlgorithm.TDEA.checkValue(session)));
    byte[] cryptogram = ApplicationCryptogram.generate(session, AC_DATA);
    assertEquals(ac, Hex.encode(cryptogram));
    assertEquals(arpc, Hex.encode(ApplicationCryptogram.arpcMethod1(session, cryptogram, Hex.of("3030"))));
  }

  @Test
  void optionBOfAShortPanIsOptionA() {
    assertEquals(
        Hex.encode(EmvKeyDerivation.iccMasterKeyOptionA(IMK, "9901234567890123", "45")),
        Hex.encode(EmvKeyDerivation.iccMasterKeyOptionB(IMK, "9901234567890123", "45")));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> EmvKeyDerivation.iccMasterKeyOptionA(IMK, "99012345678901X3", "45"));
    assertThrows(IllegalArgumentException.class, () -> EmvKeyDerivation.iccMasterKeyOptionA(IMK, "9901234567890123", "4"));
    assertThrows(IllegalArgumentException.class, () -> EmvKeyDerivation.iccMasterKeyOptionB(new byte[8], "12345678901234567", "00"));
    assertThrows(IllegalArgumentException.class, () -> EmvKeyDerivation.commonSessionKey(IMK, new byte[7]));
    assertThrows(IllegalArgumentException.class, () -> EmvKeyDerivation.pbocSessionKey(IMK, new byte[3]));
    assertThrows(IllegalArgumentException.class, () -> ApplicationCryptogram.arpcMethod1(IMK, new byte[8], new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> ApplicationCryptogram.arpcMethod2(IMK, new byte[8], CSU_0, new byte[9]));
  }

  @ParameterizedTest(name = "ATC {0}, b={1}, H={2}")
  // §5.7 "EMV2000 tree session keys" (pyemv tests/test_kd_hsm.py::test_derive_emv2000_tree_sk), MK
  // 0123456789ABCDEF0123456789ABCDEF
  @CsvSource({
    "0000, 4, 8, 00000000000000000000000000000000, 80BF3145AECB948A5201DAB9EF469875",
    "FFFF, 2, 16, F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0, 73E3B0A1406E5E4908D5804C4970E520"
  })
  void emv2000TreeSessionKey(String atc, int b, int h, String iv, String sk) {
    byte[] mk = Hex.of("0123456789ABCDEF0123456789ABCDEF");
    assertEquals(sk, Hex.encode(EmvKeyDerivation.emv2000TreeSessionKey(mk, Hex.of(atc), b, h, Hex.of(iv))));
  }

  @Test
  void emv2000TreeMustCoverEveryAtc() {
    byte[] mk = Hex.of("0123456789ABCDEF0123456789ABCDEF");
    assertThrows(
        IllegalArgumentException.class,
        () -> EmvKeyDerivation.emv2000TreeSessionKey(mk, Hex.of("0001"), 2, 8, new byte[16]));
  }
}
