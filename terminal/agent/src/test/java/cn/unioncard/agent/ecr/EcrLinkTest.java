package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EcrLinkTest {
  @Test
  void aResultTooLongForAFrameLosesItsLastReceiptLines() {
    List<String> receipt = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      receipt.add("商品 " + i + " 的说明行");
    }
    Result full = Result.of(MessageType.SALE, "R", Outcome.APPROVED, "00", null).withReceipt(receipt);
    assertTrue(full.encode().length > Frame.MAX_PAYLOAD);
    Result fitted = EcrLink.fit(full);
    assertTrue(fitted.encode().length <= Frame.MAX_PAYLOAD);
    List<String> lines = fitted.receipt();
    assertEquals("…", lines.get(lines.size() - 1));
    assertEquals(receipt.subList(0, lines.size() - 1), lines.subList(0, lines.size() - 1));
    assertTrue(lines.size() > 100);
    Result small = Result.of(MessageType.SALE, "R", Outcome.APPROVED, "00", null);
    assertEquals(small, EcrLink.fit(small));
  }
}
