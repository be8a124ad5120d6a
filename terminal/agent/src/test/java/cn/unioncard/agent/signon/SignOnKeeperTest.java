package cn.unioncard.agent.signon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import cn.unioncard.agent.signon.SignOnKeeper;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.testing.Await;
import cn.unioncard.sim.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New working keys without a restart: when the business day changes, and after the bank answers UNAUTHORISED. */
class SignOnKeeperTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @TempDir Path dir;

  @Test
  void signsOnAgainWhenTheDayChangesAndAfterUnauthorised() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T15:50:00Z")); // 23:50 in Shanghai
    try (BankSimulator bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")).withClock(clock));
        BankClient client = new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(),
            "T0000001").maxAttempts(1).clock(clock).build())) {
      bank.addTerminal("T0000001");
      CopyOnWriteArrayList<String> why = new CopyOnWriteArrayList<>();
      try (SignOnKeeper keeper = new SignOnKeeper(client, TestKeys.terminalMasterKey("T0000001"), SHANGHAI, clock,
          new SignOnKeeper.Listener() {
            @Override
            public void signedOn(SignOn s, String reason) {
              why.add(reason);
            }

            @Override
            public void failed(BankException e) { }
          }, Duration.ZERO)) {
        client.onFailure(keeper::bankFailed);
        keeper.start();
        Await.until("the first sign-on", keeper::signOns, n -> n == 1, Duration.ofSeconds(20));
        assertEquals(LocalDate.parse("2026-11-23"), keeper.current().businessDate());
        WorkingKeys first = keeper.current().keys(); // what a transaction in progress holds

        // past midnight in the terminal's zone: a new sign-on, the new business day
        clock.now = Instant.parse("2026-11-23T16:05:00Z");
        Await.until("a sign-on after midnight", keeper::signOns, n -> n == 2, Duration.ofSeconds(20));
        assertEquals(LocalDate.parse("2026-11-24"), keeper.current().businessDate());
        assertEquals("the business day changed (2026-11-23 to 2026-11-24)", why.get(1));
        assertNotSame(first, keeper.current().keys());

        // any call answered 401 (here: one signed with a clock an hour off, which the bank refuses): a new sign-on
        try (BankClient skewed = new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(),
            "T0000001").maxAttempts(1).clock(Clock.offset(clock, Duration.ofHours(1))).build())) {
          skewed.onFailure(keeper::bankFailed);
          skewed.referenceData(ReferenceKind.TERMINAL_PARAMETERS, null);
          throw new AssertionError("the 401 did not come");
        } catch (BankException e) {
          assertEquals(BankException.Kind.UNAUTHORISED, e.kind());
        }
        Await.until("a sign-on after the 401", keeper::signOns, n -> n == 3, Duration.ofSeconds(20));
        assertEquals(true, why.get(2).startsWith("the bank answered UNAUTHORISED"), why.get(2));
        Thread.sleep(1500); // and no more: the date is the sign-on's
        assertEquals(3, keeper.signOns());
      }
    }
  }
}
