package cn.unioncard.bank.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.KeyBlock;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.HmacSm3;
import cn.unioncard.protocol.crypto.Sm4Gcm;
import cn.unioncard.protocol.emv.Pan;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {
  static final byte[] TMK = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  static final byte[] PIN = Hex.of("11111111111111112222222222222222");
  static final byte[] MAC = Hex.of("33333333333333334444444444444444");
  static final byte[] DATA = Hex.of("55555555555555556666666666666666");
  static final byte[] HASH = Hex.of("77777777777777778888888888888888");

  static SignOnResponse signOn(KeyAlgorithm a) {
    return new SignOnResponse(LocalDate.of(2026, 11, 23), Instant.parse("2026-11-23T11:40:00.123Z"), 7, a,
        KeyBlocks.wrap(a, TMK, PIN), KeyBlocks.wrap(a, TMK, MAC), KeyBlocks.wrap(a, TMK, DATA),
        KeyBlocks.wrap(a, TMK, HASH));
  }

  @Test
  void sm4KeyBlockIsEcbUnderTheTmkWithTheKcv() {
    // shared/vectors/crypto.md §5.6: SM4 of 0123…3210 under itself is 681EDF34D206965E86B3E94F536E4246
    KeyBlock b = KeyBlocks.wrap(KeyAlgorithm.SM4, TMK, TMK);
    assertEquals("681EDF34D206965E86B3E94F536E4246", b.encrypted());
    assertEquals(Hex.encode(Arrays.copyOf(KeyAlgorithm.SM4.cipher().encryptEcb(TMK, new byte[16]), 3)), b.kcv());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void unwrapsAllFourKeys(KeyAlgorithm a) throws BankException {
    WorkingKeys k = WorkingKeys.unwrap(signOn(a), TMK);
    assertArrayEquals(PIN, k.pinKey());
    assertArrayEquals(MAC, k.macKey());
    assertArrayEquals(DATA, k.dataKey());
    assertArrayEquals(HASH, k.panHashKey());
    assertEquals(7, k.keyVersion());
    String s = k.toString();
    for (byte[] key : new byte[][] {PIN, MAC, DATA, HASH}) {
      assertFalse(s.contains(Hex.encode(key)), s);
      assertFalse(s.contains(Hex.encode(key).substring(0, 8)), s);
    }
    assertTrue(s.contains(KeyBlocks.wrap(a, TMK, PIN).kcv()), s);
    k.wipe();
    assertArrayEquals(new byte[16], k.pinKey());
  }

  @Test
  void oneWrongKcvRefusesTheWholeSignOn() {
    SignOnResponse good = signOn(KeyAlgorithm.SM4);
    KeyBlock bad = new KeyBlock(good.dataKey().encrypted(), "000000");
    SignOnResponse s = new SignOnResponse(good.businessDate(), good.serverTime(), 7, KeyAlgorithm.SM4,
        good.pinKey(), good.macKey(), bad, good.panHashKey());
    BankException e = assertThrows(BankException.class, () -> WorkingKeys.unwrap(s, TMK));
    assertEquals(BankException.Kind.KEY_CHECK_FAILED, e.kind());
    assertTrue(e.getMessage().contains("data_key"), e.getMessage());
  }

  @Test
  void aWrongTmkIsRefused() {
    byte[] other = TMK.clone();
    other[0] ^= 2; // not bit 0: DES ignores the parity bit
    assertEquals(BankException.Kind.KEY_CHECK_FAILED,
        assertThrows(BankException.class, () -> WorkingKeys.unwrap(signOn(KeyAlgorithm.TDEA), other)).kind());
  }

  @Test
  void aKeyBlockOfTheWrongLengthIsRefused() {
    SignOnResponse good = signOn(KeyAlgorithm.SM4);
    KeyBlock shortBlock = new KeyBlock("0011", good.pinKey().kcv());
    SignOnResponse s = new SignOnResponse(good.businessDate(), good.serverTime(), 7, KeyAlgorithm.SM4,
        shortBlock, good.macKey(), good.dataKey(), good.panHashKey());
    assertEquals(BankException.Kind.KEY_CHECK_FAILED,
        assertThrows(BankException.class, () -> WorkingKeys.unwrap(s, TMK)).kind());
  }

  @Test
  void panHashIsUpperHexHmacSm3OfTheDigits() throws DecodeException {
    PanProtection p = new PanProtection(HASH, DATA);
    Pan pan = Pan.parse("6222021234567890123");
    String h = p.panHash(pan);
    assertEquals(Hex.encode(HmacSm3.mac(HASH, "6222021234567890123".getBytes(StandardCharsets.US_ASCII))), h);
    assertEquals(64, h.length());
    assertFalse(p.toString().contains(Hex.encode(HASH)));
  }

  @Test
  void panEncryptionIsIvCiphertextTagBoundToTheTransaction() throws DecodeException {
    SecureRandom fixed = new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0x42);
      }
    };
    PanProtection p = new PanProtection(HASH, DATA, fixed);
    Pan pan = Pan.parse("6222021234567890123");
    String tx = "T0000001-000000000042";
    String e = p.encryptPan(pan, tx);
    byte[] iv = new byte[12];
    Arrays.fill(iv, (byte) 0x42);
    assertEquals(
        Hex.encode(iv) + Hex.encode(Sm4Gcm.encrypt(DATA, iv, tx.getBytes(StandardCharsets.US_ASCII),
            pan.digits().getBytes(StandardCharsets.US_ASCII))),
        e);
    assertEquals((12 + 19 + 16) * 2, e.length());
    assertEquals(pan, p.decryptPan(e, tx));
    assertThrows(DecodeException.class, () -> p.decryptPan(e, "T0000001-000000000043"));
    assertThrows(DecodeException.class, () -> p.decryptPan(e.substring(0, 40), tx));
    assertThrows(DecodeException.class, () -> p.decryptPan("ZZ" + e.substring(2), tx));
    PanProtection random = new PanProtection(HASH, DATA);
    assertFalse(random.encryptPan(pan, tx).equals(random.encryptPan(pan, tx)), "a fresh IV each time");
  }
}
