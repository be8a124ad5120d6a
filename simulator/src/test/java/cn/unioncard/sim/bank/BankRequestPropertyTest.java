package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutations of valid request bodies (truncation, byte flips, a field's value replaced by another JSON
 * type), each sent signed to the bank's handler: a truncated body is always {@code 400 malformed} and changes
 * nothing; no mutation gives a 500.
 */
class BankRequestPropertyTest {
  @TempDir static Path dir;
  static BankSimulator bank;
  static TestTerminal terminal;
  static final TestTerminal.Card CARD = new TestTerminal.Card(TestTerminal.luhn("621700000000001234"), "01");
  static String[][] valid;

  @BeforeAll
  static void start() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal("T0000001");
    bank.addMerchant("M000123", "Test");
    bank.addCard(CardSeed.of(CARD.pan(), CARD.psn(), "301231", "1234", 1_000_000, 1_000_000L));
    terminal = new TestTerminal(bank, "T0000001");
    terminal.signOn();
    String date = LocalDate.now().toString();
    valid = new String[][] {
      {"/v1/authorisations", "T0000001-7", terminal.authorisation("T0000001-7", "M000123", CARD, 10, 20,
          terminal.iccData(CARD, 30), "1234")},
      {"/v1/reversals", "T0000001-8",
          "{\"transaction_id\":\"T0000001-8\",\"original_transaction_id\":\"T0000001-7\",\"amount_fen\":30,"
              + "\"reason\":\"no_answer\"}"},
      {"/v1/records/batches", null, "{\"batch_id\":\"B1\",\"records\":["
          + terminal.saleRecord("T0000001-9", date, CARD, 5, 5, 1, 1) + "]}"},
      {"/v1/business-days/" + date + "/close", "close-T0000001-" + date,
          "{\"totals\":[{\"category\":\"debit\",\"count\":1,\"amount_fen\":5}],\"funding\":[]}"},
      {"/v1/members/lookup", null, "{\"pan_hash\":\"" + CARD.panHash(bank) + "\"}"},
    };
  }

  @AfterAll
  static void stop() {
    bank.close();
  }

  static LongStream seeds() {
    return LongStream.range(0, 60).map(i -> 0xBA4C_0000L + i * 104_729);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedBodiesNeverFailTheBank(long seed) {
    Random rnd = new Random(seed);
    String[] call = valid[rnd.nextInt(valid.length)];
    byte[] body = call[2].getBytes(StandardCharsets.UTF_8);
    int records = bank.ledger().records(null, null).size();
    byte[] truncated = Arrays.copyOf(body, rnd.nextInt(body.length));
    ApiAnswer a = bank.service().handle(terminal.direct("POST", call[0], truncated, call[1]));
    assertEquals(400, a.status(), new String(a.body(), StandardCharsets.UTF_8));
    assertEquals(records, bank.ledger().records(null, null).size());

    byte[] flipped = body.clone();
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      flipped[rnd.nextInt(flipped.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    a = bank.service().handle(terminal.direct("POST", call[0], flipped, call[1]));
    assertTrue(a.status() < 500, a.status() + " " + new String(a.body(), StandardCharsets.UTF_8));

    String[] replacements = {"null", "12", "\"x\"", "[]", "{}", "-1", "1.5", "true"};
    String text = call[2];
    int colon = nthColon(text, rnd);
    int end = valueEnd(text, colon + 1);
    String mutated = text.substring(0, colon + 1) + replacements[rnd.nextInt(replacements.length)]
        + text.substring(end);
    a = bank.service().handle(terminal.direct("POST", call[0], mutated.getBytes(StandardCharsets.UTF_8), call[1]));
    assertTrue(a.status() < 500, mutated + " -> " + a.status() + " " + new String(a.body(), StandardCharsets.UTF_8));
  }

  private static int nthColon(String text, Random rnd) {
    int count = 0;
    for (char c : text.toCharArray()) {
      count += c == ':' ? 1 : 0;
    }
    int pick = rnd.nextInt(count);
    int at = -1;
    for (int i = 0; i <= pick; i++) {
      at = text.indexOf(':', at + 1);
    }
    return at;
  }

  /** The end of the scalar, object or array value starting at {@code from}. */
  private static int valueEnd(String text, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return text.length();
  }
}
