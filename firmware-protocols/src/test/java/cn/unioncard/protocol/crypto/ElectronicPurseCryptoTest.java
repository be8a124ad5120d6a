package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

class ElectronicPurseCryptoTest {
  private static final byte[] TERMINAL = Hex.of("001122334455");

  @Test
  void purchaseOfThePublishedWorkedExample() {
    // "基于PBOC电子钱包的消费过程详解" (cnblogs.com ttss/p/4280430, also twblogs.net 5e4e601fbd9eee101df4d416):
    // DPK 11223344556677888877665544332211; INITIALIZE FOR PURCHASE gave random 11223344, offline ATC 0000;
    // terminal serial 00000001; SESPK 003238ABC57659DD; MAC1 over 00001000 06 001122334455 20120229135100 =
    // F15CAB75; MAC2 over 00001000 = 56988A13. Reproduced here and with OpenSSL. (The page's DEBIT command then
    // shows 3A845BF0, the load example's MAC2 pasted by mistake: its MAC1 line is the value.)
    byte[] dpk = Hex.of("11223344556677888877665544332211");
    byte[] sespk =
        ElectronicPurseCrypto.purchaseSessionKey(dpk, Hex.of("11223344"), Hex.of("0000"), Hex.of("00000001"));
    assertEquals("003238ABC57659DD", Hex.encode(sespk));
    byte[] mac1 =
        ElectronicPurseCrypto.purchaseMac1(
            sespk, 0x1000, ElectronicPurseCrypto.TYPE_PURCHASE, TERMINAL, Hex.of("20120229135100"));
    assertEquals("F15CAB75", Hex.encode(mac1));
    assertEquals("56988A13", Hex.encode(ElectronicPurseCrypto.purchaseMac2(sespk, 0x1000)));
  }

  @Test
  void sessionKeyUsesOnlyTheLastTwoBytesOfTheTerminalSerial() {
    byte[] dpk = Hex.of("11223344556677888877665544332211");
    assertArrayEquals(
        ElectronicPurseCrypto.purchaseSessionKey(dpk, Hex.of("11223344"), Hex.of("0000"), Hex.of("00000001")),
        ElectronicPurseCrypto.purchaseSessionKey(dpk, Hex.of("11223344"), Hex.of("0000"), Hex.of("ABCD0001")));
  }

  @Test
  void loadOfThePublishedWorkedExample() {
    // "基于PBOC的电子钱包的圈存过程" (ncuisine.com/xingyexinwen/379.html): DLK 11223344556677888877665544332211,
    // random 11223344, online ATC 0000 -> SESLK 9B1D924E05595603; MAC1 over balance 00000000 amount 00001000
    // type 01 terminal 001122334455 = 2988AE5A; MAC2 over 00001000 01 001122334455 20111221 214822 = 3A845BF0.
    // Reproduced here and with OpenSSL.
    byte[] dlk = Hex.of("11223344556677888877665544332211");
    byte[] seslk = ElectronicPurseCrypto.loadSessionKey(dlk, Hex.of("11223344"), Hex.of("0000"));
    assertEquals("9B1D924E05595603", Hex.encode(seslk));
    assertEquals("2988AE5A", Hex.encode(ElectronicPurseCrypto.loadMac1(seslk, 0, 0x1000, 0x01, TERMINAL)));
    assertEquals(
        "3A845BF0",
        Hex.encode(ElectronicPurseCrypto.loadMac2(seslk, 0x1000, 0x01, TERMINAL, Hex.of("20111221214822"))));
  }

  @Test
  void tacRegression() {
    // [C] computed here (and with OpenSSL by the same definition): a regression vector, not an authority. No
    // published TAC with a known key was found.
    byte[] dtk = Hex.of("00112233445566778899AABBCCDDEEFF");
    byte[] tac =
        ElectronicPurseCrypto.purchaseTac(
            dtk,
            0x1000,
            ElectronicPurseCrypto.TYPE_PURCHASE,
            TERMINAL,
            Hex.of("00000001"),
            Hex.of("20120229135100"));
    assertEquals("B3A0D49C", Hex.encode(tac));
    // the key is DTK_L XOR DTK_R = 0011223344556677 XOR 8899AABBCCDDEEFF: the MAC of the same data under it
    byte[] data = Hex.of("0000100006001122334455" + "00000001" + "20120229135100");
    assertArrayEquals(
        tac,
        Iso9797Mac.algorithm1(
            BlockAlgorithm.DES, Hex.of("8888888888888888"), data, MacPadding.METHOD_2, 4));
  }

  @Test
  void diversificationRegression() {
    // [C] computed here and with OpenSSL: TDEA(MK, D) ‖ TDEA(MK, ~D); card factor and issuer id from the TAC
    // page's sample card (csdndocs.com 10343414), MK the worked example's key
    byte[] mk = Hex.of("11223344556677888877665544332211");
    byte[] card = Hex.of("2016122100001003");
    byte[] issuer = Hex.of("0792800000000145");
    assertEquals("8AEBC113ED5190FBC77D1730A4B51AA5", Hex.encode(ElectronicPurseCrypto.diversify(mk, card)));
    assertEquals(
        "53B7D625A9588911FB457CA6208018EB", Hex.encode(ElectronicPurseCrypto.diversify(mk, issuer, card)));
    assertArrayEquals(
        ElectronicPurseCrypto.diversify(ElectronicPurseCrypto.diversify(mk, issuer), card),
        ElectronicPurseCrypto.diversify(mk, issuer, card));
  }

  @Test
  void everyFieldEntersMac1AndTac() {
    byte[] key = Hex.of("003238ABC57659DD");
    byte[] dt = Hex.of("20120229135100");
    String base = Hex.encode(ElectronicPurseCrypto.purchaseMac1(key, 0x1000, 6, TERMINAL, dt));
    assertNotEquals(base, Hex.encode(ElectronicPurseCrypto.purchaseMac1(key, 0x1001, 6, TERMINAL, dt)));
    assertNotEquals(base, Hex.encode(ElectronicPurseCrypto.purchaseMac1(key, 0x1000, 9, TERMINAL, dt)));
    assertNotEquals(
        base, Hex.encode(ElectronicPurseCrypto.purchaseMac1(key, 0x1000, 6, Hex.of("001122334456"), dt)));
    assertNotEquals(
        base, Hex.encode(ElectronicPurseCrypto.purchaseMac1(key, 0x1000, 6, TERMINAL, Hex.of("20120229135101"))));
  }

  @Test
  void rejectsBadArguments() {
    byte[] key = new byte[8];
    byte[] dt = new byte[7];
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac2(key, -1));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac2(key, 0x1_0000_0000L));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac2(new byte[16], 1));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac1(key, 1, 256, TERMINAL, dt));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac1(key, 1, 6, new byte[5], dt));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.purchaseMac1(key, 1, 6, TERMINAL, new byte[6]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ElectronicPurseCrypto.purchaseSessionKey(new byte[16], new byte[4], new byte[2], new byte[2]));
    assertThrows(IllegalArgumentException.class, () -> ElectronicPurseCrypto.diversify(new byte[16], new byte[16]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ElectronicPurseCrypto.purchaseTac(new byte[8], 1, 6, TERMINAL, new byte[4], dt));
  }
}
