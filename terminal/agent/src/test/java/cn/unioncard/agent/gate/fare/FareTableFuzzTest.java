package cn.unioncard.agent.gate.fare;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDateTime;
import java.util.Collections;

/** Any bytes: a usable fare table, or a FareTableException naming the field; and a usable table prices a tap. */
class FareTableFuzzTest {
  @FuzzTest
  void parse(byte[] bytes) {
    FareTable t;
    try {
      t = FareTable.parse(bytes);
    } catch (FareTableException expected) {
      return;
    }
    FareTable.Line any = null;
    for (String id : new String[] {"000B", "000D", "0007", "1001"}) {
      if (t.line(id) != null) {
        any = t.line(id);
      }
    }
    if (any != null && any.kind() == FareTable.LineKind.FLAT) {
      FareEngine.Quote q = FareEngine.quote(
          t, new FareEngine.Tap(any.id(), null, FareEngine.Direction.BOARDING, LocalDateTime.of(2026, 1, 1, 8, 0), "mw"),
          Collections.emptyList());
      if (q.chargeFen() < 0) {
        throw new AssertionError(q.toString());
      }
    }
  }
}
