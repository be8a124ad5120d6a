package cn.unioncard.sim.card.psam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.card.CardApplication;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/** Coverage-guided: random APDUs to the selected PSAM application: never an exception or internal error. */
class PsamApplicationFuzzTest {
  @FuzzTest
  void randomApdus(FuzzedDataProvider data) {
    PsamState s = new PsamState();
    CardApplication psam = PsamApplications.of(s, () -> { }).get(0);
    psam.select();
    while (data.remainingBytes() > 0) {
      if (data.consumeInt(0, 20) == 0) {
        psam.deselect();
        psam.select();
        continue;
      }
      CommandApdu c;
      try {
        c = CommandApdu.parse(data.consumeBytes(data.consumeInt(4, 270)));
      } catch (DecodeException notAnApdu) {
        continue;
      }
      ResponseApdu r = psam.process(c);
      assertNotEquals(0x6F00, r.sw(), "internal error");
    }
    assertEquals(List.of(), s.problems());
  }
}
