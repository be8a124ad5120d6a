package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.MemoryEcrPort;
import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.StatusQuery;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.sim.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A register-side client that asks STATUS again and again and never ACKs an answer (issue 19: it once drove the
 * daemon to 16,000 threads): the terminal's threads and waiting answers stay bounded, and a real register served
 * after it gets its sale answered.
 */
class EcrLinkFloodTest {
  static final int QUERIES = 3_000;

  @Test
  void statusQueriesNeverAcknowledgedCannotGrowTheTerminal() throws Exception {
    MemoryEcrPort[] line = MemoryEcrPort.pair();
    EcrHandler approve = (request, context) -> {
      Sale sale = (Sale) request;
      return Result.of(MessageType.SALE, sale.reference(), Outcome.APPROVED, "00", null);
    };
    int before = terminalThreads();
    EcrLink terminal = new EcrLink(line[0], EcrConfig.fast(), approve, new InMemoryEcrJournal()).start();
    try {
      AtomicBoolean flooding = new AtomicBoolean(true);
      Thread deaf = new Thread(() -> {
        byte[] buffer = new byte[4096];
        try {
          while (flooding.get()) {
            line[1].read(buffer, 50); // reads the answers, ACKs none
          }
        } catch (Exception e) {
          // the line closed
        }
      }, "deaf-register");
      deaf.start();
      int seq = 0x20;
      int most = 0;
      for (int i = 0; i < QUERIES; i++) {
        seq = Frame.nextSeq(seq);
        line[1].write(new Frame(seq, new StatusQuery(null).encode()).encode());
        if (i % 100 == 0) {
          most = Math.max(most, terminalThreads() - before);
        }
      }
      Await.until("most answers dropped unsent", terminal::droppedAnswers, n -> n > QUERIES / 2,
          Duration.ofSeconds(60));
      most = Math.max(most, terminalThreads() - before);
      // the frame reader, the request worker, the PROGRESS timer and the answers' sender
      assertTrue(most <= 4, "the terminal's threads grew to " + most);
      flooding.set(false);
      deaf.join(TimeUnit.SECONDS.toMillis(5));

      // the register that comes next is answered (the few answers still waiting are ACKed or given up first)
      RegisterSimulator register = new RegisterSimulator(line[1], EcrConfig.fast(), 3).start();
      try {
        Result r = register.sale("R-1", 9700,
            List.of(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700))).get(60, TimeUnit.SECONDS);
        assertEquals(Outcome.APPROVED, r.outcome());
      } finally {
        register.close();
      }
    } finally {
      terminal.close();
    }
  }

  private static int terminalThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("ecr-terminal")) {
        n++;
      }
    }
    return n;
  }
}
