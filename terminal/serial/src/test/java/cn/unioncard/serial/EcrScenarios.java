package cn.unioncard.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.ecr.EcrLink;
import cn.unioncard.agent.ecr.InMemoryEcrJournal;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ECR link end to end: the register simulator on one end of a real line, the terminal's EcrLink on the
 * other, with a stub handler. Each transport (pseudo-terminal pair, TCP) runs every scenario.
 */
abstract class EcrScenarios {
  static final EcrConfig CONFIG = EcrConfig.fast();
  static final List<Item> FLOUR = Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700));

  /** The terminal's port, opened. */
  abstract EcrPort terminalPort() throws Exception;

  /** The register's port, opened (or connecting). */
  abstract EcrPort registerPort() throws Exception;

  /** Breaks the line between the two (the register's side is unplugged). */
  abstract void breakLine(RegisterSimulator register) throws Exception;

  /** Restores the line; returns the register's new port. */
  abstract EcrPort restoreLine() throws Exception;

  EcrLink terminal;
  RegisterSimulator register;
  final AtomicInteger handled = new AtomicInteger();
  final AtomicInteger undelivered = new AtomicInteger();
  final CountDownLatch undeliveredLatch = new CountDownLatch(1);
  final InMemoryEcrJournal journal = new InMemoryEcrJournal();

  /** The stub checkout: approves a sale, 5000 from the benefit account and the rest from debit. */
  final class StubHandler implements EcrHandler {
    final boolean withProgress;

    StubHandler(boolean withProgress) {
      this.withProgress = withProgress;
    }

    @Override
    public Result handle(EcrRequest request, Context context) throws Exception {
      int n = handled.incrementAndGet();
      if (withProgress) {
        context.progress(Stage.WAITING_FOR_CARD, "请刷卡");
        context.progress(Stage.ASKING_BANK, null);
      }
      Sale sale = (Sale) request;
      long benefit = Math.min(5000, sale.amount());
      return Result.of(MessageType.SALE, sale.reference(), Outcome.APPROVED, "00", "批准")
          .withCharges("T-" + n, sale.amount(),
              Arrays.asList(new Charge(Account.BENEFIT, benefit), new Charge(Account.DEBIT, sale.amount() - benefit)))
          .withReceipt(Arrays.asList("面粉 25kg 97.00", "合计 97.00"));
    }
  }

  void start(EcrHandler handler) throws Exception {
    terminal = new EcrLink(terminalPort(), CONFIG, handler, journal, new EcrLink.Events() {
      @Override
      public void resultUndelivered(Result result, IOException cause) {
        undelivered.incrementAndGet();
        undeliveredLatch.countDown();
      }
    }).start();
    register = new RegisterSimulator(registerPort(), CONFIG, 7).start();
  }

  @AfterEach
  void stop() {
    if (register != null) {
      register.close();
    }
    if (terminal != null) {
      terminal.close();
    }
  }

  static Result get(java.util.concurrent.CompletableFuture<Result> f) throws Exception {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("waited 10 s for the register's RESULT; none came (the request is still open)");
    }
  }

  @Test
  void saleProgressResult() throws Exception {
    start(new StubHandler(true));
    Result r = get(register.sale("R-1", 9700, FLOUR));
    assertEquals(Outcome.APPROVED, r.outcome());
    assertEquals("R-1", r.reference());
    assertEquals(Arrays.asList(new Charge(Account.BENEFIT, 5000), new Charge(Account.DEBIT, 4700)), r.charges());
    assertEquals("面粉 25kg 97.00", r.receipt().get(0));
    assertEquals(Arrays.asList(Stage.WAITING_FOR_CARD, Stage.ASKING_BANK), register.progressSeen("R-1"));
    assertEquals(1, handled.get());
    // SALE one transmission; PROGRESS, PROGRESS, RESULT one each.
    assertEquals(1, register.frames().transmissions());
    assertEquals(3, terminal.frames().transmissions());
  }

  @Test
  void lineNoiseBetweenFrames() throws Exception {
    start(new StubHandler(true));
    register.inject(new byte[] {0x00, 0x7F, (byte) 0xFF, 0x41, 0x03, 0x10});
    register.lineNoise(64);
    Result r = get(register.sale("R-2", 9700, FLOUR));
    assertEquals(Outcome.APPROVED, r.outcome());
    register.lineNoise(200);
    assertEquals(Outcome.APPROVED, get(register.sale("R-3", 100, FLOUR)).outcome());
    assertEquals(2, handled.get());
    assertEquals(0, terminal.frames().badFramesReceived());
    assertEquals(2, register.frames().transmissions(), "noise between frames costs no resend");
  }

  @Test
  void aFrameCutInHalfThenAGoodOne() throws Exception {
    start(new StubHandler(false));
    register.cutNextFrame();
    Result r = get(register.sale("R-4", 9700, FLOUR));
    assertEquals(Outcome.APPROVED, r.outcome());
    assertEquals(1, handled.get());
    assertEquals(1, terminal.frames().badFramesReceived(), "the cut frame was given up and NAKed");
    assertEquals(2, register.frames().transmissions(), "the cut frame, then its resend");
    assertEquals(1, register.frames().naksReceived());
  }

  @Test
  void aNakStormOfTwoOrThreeIsSurvived() throws Exception {
    start(new StubHandler(false));
    register.nakStorm(2);
    assertEquals(Outcome.APPROVED, get(register.sale("R-5", 9700, FLOUR)).outcome());
    assertEquals(3, terminal.frames().transmissions(), "RESULT sent, NAKed twice, resent twice");
    assertEquals(2, terminal.frames().naksReceived());
    register.nakStorm(3);
    assertEquals(Outcome.APPROVED, get(register.sale("R-6", 9700, FLOUR)).outcome());
    assertEquals(3 + 4, terminal.frames().transmissions(), "the third resend got through");
    assertEquals(0, undelivered.get());
  }

  @Test
  void aNakStormOfFourGivesTheResultUpAndStatusFindsIt() throws Exception {
    start(new StubHandler(false));
    register.nakStorm(4);
    java.util.concurrent.CompletableFuture<Result> sale = register.sale("R-7", 9700, FLOUR);
    assertTrue(undeliveredLatch.await(5, TimeUnit.SECONDS), "the terminal reports the RESULT undelivered");
    assertEquals(4, terminal.frames().transmissions(), "sent once and resent three times");
    assertEquals(4, terminal.frames().naksReceived());
    assertEquals(1, terminal.undeliveredResults());
    // The register never accepted the frame: it asks for the outcome by its reference.
    Result status = get(register.status("R-7"));
    assertEquals(MessageType.STATUS, status.requestType());
    assertEquals(Outcome.APPROVED, status.outcome());
    assertEquals("T-1", status.transactionId());
    assertEquals(9700, status.amount());
    assertEquals(1, handled.get());
    assertTrue(!sale.isDone() || sale.isCompletedExceptionally());
  }

  @Test
  void aRegisterThatNeverAcks() throws Exception {
    start(new StubHandler(false));
    register.neverAck(true);
    java.util.concurrent.CompletableFuture<Result> sale = register.sale("R-8", 9700, FLOUR);
    assertTrue(undeliveredLatch.await(5, TimeUnit.SECONDS), "the terminal reports the RESULT undelivered");
    assertEquals(4, terminal.frames().transmissions(), "RESULT sent 4 times");
    assertEquals(0, terminal.frames().naksReceived());
    // The register did receive the first copy (it only never ACKed) and dropped the three resends.
    assertEquals(Outcome.APPROVED, get(sale).outcome());
    // the last copy may still be on its way through the line when the terminal gives up: wait for it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (register.frames().duplicatesDropped() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(3, register.frames().duplicatesDropped());
    register.neverAck(false);
    Result status = get(register.status("R-8"));
    assertEquals(Outcome.APPROVED, status.outcome());
    assertEquals("T-1", status.transactionId());
    assertEquals(1, handled.get());
  }

  @Test
  void aDuplicateSaleReferenceGetsTheFirstResultAndTheHandlerRunsOnce() throws Exception {
    start(new StubHandler(true));
    Result first = get(register.sale("R-9", 9700, FLOUR));
    register.dropNextAck(); // and the terminal's frame is resent: still handled once
    Result second = get(register.sale("R-9", 9700, FLOUR));
    assertEquals(first, second);
    assertEquals(1, handled.get());
    Result other = get(register.sale("R-10", 9700, FLOUR));
    assertEquals("T-2", other.transactionId());
    assertEquals(2, handled.get());
    assertEquals(1, register.frames().duplicatesDropped());
  }

  @Test
  void cancelAndStatusWhileASaleRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    start((request, context) -> {
      handled.incrementAndGet();
      context.progress(Stage.WAITING_FOR_CARD, null);
      started.countDown();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!context.cancelRequested() && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      return Result.of(request.type(), request.reference(), Outcome.CANCELLED, "CN", "已取消");
    });
    java.util.concurrent.CompletableFuture<Result> sale = register.sale("R-11", 9700, FLOUR);
    assertTrue(started.await(5, TimeUnit.SECONDS), "waited 5 s for the handler to start");
    assertEquals(Outcome.IN_PROGRESS, get(register.status("R-11")).outcome());
    Result busy = get(register.sale("R-12", 100, FLOUR));
    assertEquals(Outcome.FAILED, busy.outcome());
    assertEquals("BUSY", busy.reasonCode());
    Result cancel = get(register.cancel());
    assertEquals(Outcome.APPROVED, cancel.outcome());
    assertEquals(Outcome.CANCELLED, get(sale).outcome());
    assertEquals(Outcome.NOT_FOUND, get(register.status("R-404")).outcome());
    assertEquals(1, handled.get());
  }

  @Test
  void aRegisterThatDisconnectsAndComesBack() throws Exception {
    start(new StubHandler(false));
    assertEquals(Outcome.APPROVED, get(register.sale("R-13", 9700, FLOUR)).outcome());
    breakLine(register);
    Thread.sleep(CONFIG.interByteTimeoutMillis() * 3L);
    register.reconnect(restoreLine());
    // The register sends its next sale; a first attempt may go out before the terminal reopened its side,
    // so it repeats the SALE with the same reference until it is answered (never charged twice).
    Result r = null;
    for (int attempt = 0; attempt < 5 && r == null; attempt++) {
      try {
        r = get(register.sale("R-14", 500, FLOUR));
      } catch (ExecutionException e) {
        Thread.sleep(200);
      }
    }
    assertEquals(Outcome.APPROVED, r == null ? null : r.outcome());
    assertEquals(2, handled.get());
    assertTrue(terminal.frames().linesLost() + register.frames().linesLost() >= 1);
  }

  @Test
  void drainingFinishesTheSaleInProgressAndRefusesNewOnes() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StubHandler approve = new StubHandler(false);
    start((request, context) -> {
      inHandler.countDown();
      assertTrue(release.await(10, TimeUnit.SECONDS), "waited 10 s for the test to release the handler");
      return approve.handle(request, context);
    });
    java.util.concurrent.CompletableFuture<Result> first = register.sale("R-40", 9700, FLOUR);
    assertTrue(inHandler.await(10, TimeUnit.SECONDS), "waited 10 s for the request to reach the handler");
    java.util.concurrent.CompletableFuture<Boolean> drained = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return terminal.drain(java.time.Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // While the first sale runs and the terminal drains, a new sale is refused and nothing is charged for it.
    Result refused;
    do {
      refused = get(register.sale("R-41", 100, FLOUR));
    } while (refused.reasonCode().equals("BUSY"));
    assertEquals(Outcome.FAILED, refused.outcome());
    assertEquals("CLOSING", refused.reasonCode());
    assertTrue(!drained.isDone(), "the drain waits for the sale in progress");
    release.countDown();
    assertEquals(Outcome.APPROVED, get(first).outcome());
    assertTrue(drained.get(10, TimeUnit.SECONDS), "the link drained within 10 s");
    assertEquals(1, handled.get());
  }

  static void assertBytes(byte[] expected, byte[] actual) {
    assertArrayEquals(expected, actual);
  }
}
