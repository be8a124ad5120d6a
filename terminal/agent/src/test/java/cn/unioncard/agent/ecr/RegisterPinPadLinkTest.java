package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.ports.ecr.MemoryEcrPort;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.PinStatus;
import cn.unioncard.protocol.ecr.Progress;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Stage;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PIN REQUEST on the register's own link (docs/ecr-protocol.md §10.1), in memory: the order and bytes of the frames. */
class RegisterPinPadLinkTest {
  static final String PIN_REQUEST_10_2 = "410113000C373030303031323334353637020008000000000000A028140001021500013C";

  @Test
  void theSaleAsksThePinOnTheRegistersLinkAndTakesItsAnswer() throws Exception {
    MemoryEcrPort[] line = MemoryEcrPort.pair();
    EcrConfig config = EcrConfig.fast();
    EcrLink[] terminal = new EcrLink[1];
    PinResponse[] got = new PinResponse[1];
    EcrHandler handler = (request, context) -> {
      context.progress(Stage.PIN_ENTRY, null);
      got[0] = terminal[0].pinPad().requestPin("6217000012345670", 41000, PinKeyAlgorithm.SM4, 60);
      return Result.of(MessageType.SALE, request.reference(), Outcome.CANCELLED, "PC", null);
    };
    terminal[0] = new EcrLink(line[0], config, handler, new InMemoryEcrJournal()).start();
    List<byte[]> atRegister = new CopyOnWriteArrayList<>();
    FrameLink[] register = new FrameLink[1];
    register[0] = new FrameLink(line[1], config, payload -> {
      atRegister.add(payload);
      if (payload[0] == 0x41) { // PIN REQUEST: the member presses Cancel, answered off the reader thread
        new Thread(() -> {
          try {
            register[0].send(new PinResponse(PinStatus.CANCELLED, null).encode());
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }).start();
      }
    }, "register").start();
    try {
      register[0].send(new Sale("POS1-000124", 41000, Collections.emptyList(), false).encode());
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (atRegister.stream().noneMatch(p -> (p[0] & 0xFF) == 0x82) && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(PinStatus.CANCELLED, got[0].status());
      assertNull(got[0].pinBlock());
      assertEquals(3, atRegister.size(), "PROGRESS, PIN REQUEST, RESULT");
      Progress progress = (Progress) EcrMessage.parse(atRegister.get(0));
      assertEquals(Stage.PIN_ENTRY, progress.stage());
      assertEquals(PIN_REQUEST_10_2, Hex.encode(atRegister.get(1)), "the request of §10.2, byte for byte");
      Result result = (Result) EcrMessage.parse(atRegister.get(2));
      assertEquals(Outcome.CANCELLED, result.outcome());
      assertEquals("POS1-000124", result.reference());

      // a PIN RESPONSE nobody waits for is dropped: not answered as a bad request
      register[0].send(new PinResponse(PinStatus.TIMEOUT, null).encode());
      Thread.sleep(300);
      assertEquals(3, atRegister.size());
      assertTrue(terminal[0].frames().badFramesReceived() == 0);
    } finally {
      register[0].close();
      terminal[0].close();
    }
  }
}
