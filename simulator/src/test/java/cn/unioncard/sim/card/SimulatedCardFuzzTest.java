package cn.unioncard.sim.card;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.testing.Apdus;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided: a sequence of APDUs (each a length byte and that many bytes, after a start that selects the
 * debit application or not) to a fresh member card: every answer is a response with a status word, never an
 * exception, and never the card's internal-failure {@code 6F00}.
 */
class SimulatedCardFuzzTest {
  private static final byte[] PROFILE;

  static {
    try {
      PROFILE = Profiles.bytes("ordinary-member");
    } catch (ProfileException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest
  void randomApdus(byte[] input) throws CardIoException {
    // a fresh copy of the state for every input: the card mutates it
    CardProfile p;
    try {
      p = CardFile.parse("fuzz.json", PROFILE);
    } catch (ProfileException e) {
      throw new AssertionError(e);
    }
    SimulatedCard card = SimulatedCard.of(p);
    int at = 0;
    if (input.length > 0 && (input[0] & 1) == 1) {
      card.transmit(Hex.of(Apdus.SELECT_DEBIT));
    }
    at = Math.min(1, input.length);
    while (at < input.length) {
      int n = input[at++] & 0xFF;
      byte[] apdu = Arrays.copyOfRange(input, at, Math.min(input.length, at + n));
      at += n;
      byte[] r = card.transmit(apdu);
      assertTrue(r.length >= 2, "no status word");
      int sw = ((r[r.length - 2] & 0xFF) << 8) | (r[r.length - 1] & 0xFF);
      assertNotEquals(0x6F00, sw, "internal failure on " + Hex.encode(apdu));
    }
  }
}
