package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided: whatever body an authenticated terminal sends to any call, the bank answers with a client
 * error (or, by chance, a success), never a 500, and the handler never throws. The handler is driven past the
 * signature check (signatures have their own tests), so the search spends its time in the parsing.
 */
class BankRequestFuzzTest {
  private static final String[][] CALLS = {
    {"POST", "/v1/sign-on"},
    {"POST", "/v1/members/lookup"},
    {"POST", "/v1/benefit/balance"},
    {"POST", "/v1/authorisations"},
    {"POST", "/v1/reversals"},
    {"POST", "/v1/records/batches"},
    {"POST", "/v1/business-days/2026-11-23/close"},
    {"GET", "/v1/transactions/T0000001-1"},
    {"GET", "/v1/reference/hotlist?since=1"},
  };

  static {
    // Coverage of the bank's own code is what guides the search; instrumenting BouncyCastle, SQLite and the
    // JDK's HTTP server as well only slows every run.
    System.setProperty("jazzer.instrumentation_includes", "cn.unioncard.**");
  }

  private static BankSimulator bank;
  private static Terminal self;

  private static synchronized void setUp() {
    if (bank != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("bank-fuzz");
      dir.toFile().deleteOnExit();
      bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
      bank.addTerminal("T0000001");
      bank.addMerchant("M000123", "Fuzz");
      bank.addCard(CardSeed.of(TestTerminal.luhn("621700000000001234"), "01", "301231", "1234", 1000, 1000L));
      TestTerminal terminal = new TestTerminal(bank, "T0000001");
      terminal.signOn();
      self = bank.service().terminal("T0000001");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(String p) {
    int q = p.indexOf('?');
    return q < 0 ? p : p.substring(0, q);
  }

  private static String query(String p) {
    int q = p.indexOf('?');
    return q < 0 ? null : p.substring(q + 1);
  }

  @FuzzTest
  void anyBody(FuzzedDataProvider data) {
    setUp();
    String[] call = CALLS[data.consumeInt(0, CALLS.length - 1)];
    String key = data.consumeBoolean() ? data.consumeString(70) : null;
    byte[] body = data.consumeRemainingAsBytes();
    ApiRequest r = new ApiRequest(call[0], path(call[1]), query(call[1]),
        key == null ? java.util.Map.of() : java.util.Map.of("idempotency-key", key), body);
    ApiAnswer a = bank.service().handleAuthenticated(r, self);
    assertTrue(a.status() == 200 || a.status() == 400 || a.status() == 404 || a.status() == 409
        || a.status() == 422, call[1] + " answered " + a.status() + ": " + new String(a.body()));
  }
}
