package cn.unioncard.protocol.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

class LrcTest {
  @Test
  void xorOfAllBytes() {
    // shared/vectors/crypto.md §5.8: LRC(80 5C 00 02 04) = DA.
    assertEquals(0xDA, Lrc.xor(Hex.of("805C000204")));
    assertEquals(0x00, Lrc.xor(new byte[0]));
    assertEquals(0xDA, Lrc.xor(Hex.of("FF805C000204FF"), 1, 5));
  }

  @Test
  void missesTwoErrorsInTheSameBitPosition() {
    // Why the ECR frame uses a CRC instead (docs/ecr-protocol.md §3.2): the same bit flipped in two bytes.
    assertEquals(Lrc.xor(Hex.of("805C000204")), Lrc.xor(Hex.of("815D000204")));
    assertEquals(0xDA, Lrc.xor(Hex.of("815D000204")));
  }
}
