package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided: the DOL parser returns a list or throws DecodeException; a parsed DOL re-encodes to the same
 * bytes, builds data of its own length from any terminal values, and splits that data back.
 */
class DolFuzzTest {
  @FuzzTest
  void dol(byte[] input) {
    Dol dol;
    try {
      dol = Dol.parse(input);
    } catch (DecodeException expected) {
      return;
    }
    assertArrayEquals(input, dol.encode());
    // terminal data: every tag answered with the input itself (longer, shorter or equal to what is asked)
    byte[] data = dol.build((Tag t) -> t.value() % 3 == 0 ? null : input);
    assertEquals(dol.dataLength(), data.length);
    try {
      List<Dol.Field> fields = dol.split(data);
      assertEquals(dol.entries().size(), fields.size());
    } catch (DecodeException e) {
      throw new AssertionError("built data failed to split: " + e.getMessage(), e);
    }
  }
}
