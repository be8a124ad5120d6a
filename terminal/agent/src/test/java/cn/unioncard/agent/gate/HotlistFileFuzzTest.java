package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any bytes: a hotlist document that re-encodes to the same bytes, or a DecodeException; nothing else. */
class HotlistFileFuzzTest {
  @FuzzTest
  void parse(byte[] bytes) {
    try {
      HotlistFile f = HotlistFile.parse(bytes);
      assertArrayEquals(bytes, f.encode());
      Hotlist base = f.isDelta() ? Hotlist.empty().apply(HotlistFile.full(f.baseVersion())) : Hotlist.empty();
      Hotlist h = base.apply(f);
      if (h.size() > f.addedCount()) {
        throw new AssertionError("a list grew by more than it added");
      }
    } catch (DecodeException expected) {
      // rejected with what and where
    }
  }
}
