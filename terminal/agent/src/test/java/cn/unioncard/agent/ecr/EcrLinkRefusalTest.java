package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.MemoryEcrPort;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Amounts the register gets wrong are refused at the link, before the checkout sees them (issue 19). */
class EcrLinkRefusalTest {
  static final Item FLOUR = new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700);

  @Test
  void aSaleOfNothingOrOfItemsThatDoNotAddUpReachesNoCheckout() throws Exception {
    MemoryEcrPort[] line = MemoryEcrPort.pair();
    AtomicInteger performed = new AtomicInteger();
    EcrHandler approve = (request, context) -> {
      performed.incrementAndGet();
      Sale sale = (Sale) request;
      return Result.of(MessageType.SALE, sale.reference(), Outcome.APPROVED, "00", null);
    };
    try (EcrLink terminal = new EcrLink(line[0], EcrConfig.fast(), approve, new InMemoryEcrJournal()).start();
        RegisterSimulator register = new RegisterSimulator(line[1], EcrConfig.fast(), 5).start()) {
      Result nothing = register.sale("R-0", 0, List.of(FLOUR)).get(10, TimeUnit.SECONDS);
      assertEquals(Outcome.FAILED, nothing.outcome());
      assertEquals("FMT", nothing.reasonCode());
      assertTrue(nothing.reasonText().contains("a sale of 0.00 charges nothing"), nothing.reasonText());

      Result free = register.sale("R-1", 100, List.of(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 100)))
          .get(10, TimeUnit.SECONDS);
      assertEquals(Outcome.FAILED, free.outcome());
      assertEquals("FMT", free.reasonCode());

      Result none = register.sale("R-2", 9700, List.of(new Item("6901234567892", "面粉 25kg", "GRAIN", 0, 9700, 0)))
          .get(10, TimeUnit.SECONDS);
      assertEquals("FMT", none.reasonCode());
      assertEquals(0, performed.get(), "the checkout saw none of them");

      Result good = register.sale("R-3", 9700, List.of(FLOUR)).get(10, TimeUnit.SECONDS);
      assertEquals(Outcome.APPROVED, good.outcome());
      assertEquals(1, performed.get());
    }
  }
}
