package cn.unioncard.agent.card.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CardholderVerificationTest {
  /** The simulated UnionPay card's list: X = Y = 0; online PIN (next if unsuccessful) if supported, signature, no CVM. */
  static final String UNIONPAY = "0000000000000000" + "4203" + "1E03" + "1F00";

  static CardholderVerification of(String hex, long amount) throws DecodeException {
    return CardholderVerification.of(Hex.of(hex), amount, true);
  }

  @Test
  void onlinePinWhenTheTerminalSupportsIt() throws Exception {
    CardholderVerification v = of(UNIONPAY, 100);
    assertTrue(v.onlinePin());
    assertEquals("420300", Hex.encode(v.results()));
  }

  @Test
  void offlinePinIsSkippedOnlyWhenTheRuleSaysSo() throws Exception {
    // offline plaintext PIN (01) always, next if unsuccessful: this terminal has no offline PIN, so signature
    assertEquals("1E0300", Hex.encode(of("0000000000000000" + "4100" + "1E03", 100).results()));
    // the same rule without b7: cardholder verification failed
    CardholderVerification v = of("0000000000000000" + "0100" + "1E03", 100);
    assertFalse(v.onlinePin());
    assertEquals("010001", Hex.encode(v.results()));
  }

  @Test
  void amountConditionsCompareWithXInTheApplicationCurrencyOnly() throws Exception {
    // X = 300.00: no CVM under X, online PIN over it
    String list = "00007530" + "00000000" + "1F06" + "0207";
    assertEquals("1F0602", Hex.encode(of(list, 29_999).results()));
    assertTrue(of(list, 30_001).onlinePin());
    assertEquals("3F0001", Hex.encode(CardholderVerification.of(Hex.of(list), 30_001, false).results()),
        "another currency: no condition holds, no CVM performed");
  }

  @Test
  void noListNoCvm() throws Exception {
    CardholderVerification v = CardholderVerification.of(null, 100, true);
    assertFalse(v.onlinePin());
    assertEquals("3F0000", Hex.encode(v.results()));
  }

  @Test
  void aListEndingInHalfARuleIsRefused() {
    DecodeException e = assertThrows(DecodeException.class, () -> of("0000000000000000" + "420300", 1));
    assertEquals("8E", e.tag());
  }

  static IntStream seeds() {
    return IntStream.range(0, 500);
  }

  /** Any bytes: a DecodeException, or 3 bytes of CVM results whose method is the one asking for an online PIN. */
  @ParameterizedTest
  @MethodSource("seeds")
  void anyList(int seed) {
    Random r = new Random(seed);
    byte[] list = new byte[r.nextInt(40)];
    r.nextBytes(list);
    try {
      CardholderVerification v = CardholderVerification.of(list, r.nextInt(100_000), r.nextBoolean());
      assertEquals(3, v.results().length);
      assertEquals(v.onlinePin(), (v.results()[0] & 0x3F) == CardholderVerification.ONLINE_PIN
          && v.results()[2] == CardholderVerification.RESULT_UNKNOWN);
    } catch (DecodeException expected) {
      assertEquals("8E", expected.tag());
    }
  }
}
