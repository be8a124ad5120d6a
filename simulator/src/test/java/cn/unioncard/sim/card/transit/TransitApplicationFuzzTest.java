package cn.unioncard.sim.card.transit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.card.CardApplication;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided: random APDUs to the selected purse (and its twin, and across tears): never an exception,
 * never the internal-error status, the balance never negative, and the state always valid.
 */
class TransitApplicationFuzzTest {
  @FuzzTest
  void randomApdus(FuzzedDataProvider data) {
    TransitState s = TransitState.ordinary(data.consumeInt(0, 100_000));
    long start = s.balanceFen;
    List<CardApplication> apps = TransitApplications.of(s, () -> { }, new Random(data.consumeLong()));
    CardApplication app = apps.get(0);
    app.select();
    while (data.remainingBytes() > 0) {
      int what = data.consumeInt(0, 15);
      if (what == 0) {
        app.deselect();
        app = apps.get(data.consumeInt(0, 1));
        app.select();
        continue;
      }
      byte[] raw = data.consumeBytes(data.consumeInt(4, 270));
      CommandApdu c;
      try {
        c = CommandApdu.parse(raw);
      } catch (DecodeException notAnApdu) {
        continue;
      }
      ResponseApdu r = app.process(c);
      assertNotEquals(0x6F00, r.sw(), "internal error");
      assertTrue(s.balanceFen >= 0 && s.balanceFen <= start);
    }
    assertEquals(List.of(), s.problems());
  }
}
