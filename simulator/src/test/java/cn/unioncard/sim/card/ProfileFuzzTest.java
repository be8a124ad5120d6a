package cn.unioncard.sim.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the profile parser returns a card document, or fails with one ProfileException line; a
 * document it accepts writes out and reads back to the same bytes.
 */
class ProfileFuzzTest {
  @FuzzTest
  void profile(byte[] input) {
    CardProfile p;
    try {
      p = CardFile.parse("fuzz.json", input);
    } catch (ProfileException e) {
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      return;
    }
    byte[] once = CardFile.encode(p);
    try {
      assertArrayEquals(once, CardFile.encode(CardFile.parse("again.json", once)));
    } catch (ProfileException e) {
      throw new AssertionError("a written document does not read back: " + e.getMessage(), e);
    }
  }
}
