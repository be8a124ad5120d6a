package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: the track 2 decoder returns a value or throws DecodeException; a valid track 2 re-encodes
 * exactly. The PAN decoder ({@code 5A}) is driven with the same bytes.
 */
class Track2FuzzTest {
  @FuzzTest
  void track2(byte[] input) {
    try {
      Pan p = Pan.decode(input);
      p.masked();
      p.luhnValid();
      assertArrayEquals(p.encode(), Pan.decode(p.encode()).encode());
    } catch (DecodeException expected) {
      // fine
    }
    Track2 t;
    try {
      t = Track2.decode(input);
    } catch (DecodeException expected) {
      return;
    }
    t.toString();
    t.agreesWith(t.pan(), null);
    assertArrayEquals(input, t.encode());
  }
}
