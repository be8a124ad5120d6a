package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control API over plain HTTP on loopback: seed, set faults, read the ledger. */
class BankControlHttpTest {
  @TempDir Path dir;
  BankSimulator bank;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")).withControlPort(0));
  }

  @AfterEach
  void stop() {
    bank.close();
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bank.controlPort() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void seedFaultsAndLedger() throws Exception {
    String pan = TestTerminal.luhn("621700000000004321");
    HttpResponse<String> r = call("POST", "/bank/cards", "{\"pan\":\"" + pan + "\",\"psn\":\"01\",\"expiry\":\"301231\","
        + "\"pin\":\"1234\",\"member\":{\"member_id\":\"M1\",\"union\":\"U\",\"category\":\"ordinary\","
        + "\"valid_until\":\"2027-12-31\"},\"debit_balance_fen\":500,\"benefit_balance_fen\":700}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(bank.panHash(pan), json(r).get("pan_hash").asText());
    assertEquals(200, call("POST", "/bank/accounts", "{\"pan\":\"" + pan + "\",\"kind\":\"debit\",\"balance_fen\":900}")
        .statusCode());
    assertEquals(200, call("POST", "/bank/merchants", "{\"merchant_id\":\"M9\",\"name\":\"Shop\"}").statusCode());
    assertEquals(200, call("POST", "/bank/terminals", "{\"terminal_id\":\"T0000009\"}").statusCode());
    assertEquals(400, call("POST", "/bank/cards", "{\"pan\":\"12\"}").statusCode());
    assertEquals(404, call("GET", "/bank/nothing", null).statusCode());

    JsonNode ledger = json(call("GET", "/bank/ledger", null));
    assertEquals(2, ledger.get("accounts").size());
    JsonNode debit = ledger.get("accounts").get(0).get("kind").asText().equals("debit")
        ? ledger.get("accounts").get(0) : ledger.get("accounts").get(1);
    assertEquals(900, debit.get("balance_fen").asLong());
    assertEquals(700, ledger.get("accounts").get(0).get("balance_fen").asLong() + ledger.get("accounts").get(1)
        .get("balance_fen").asLong() - 900);

    r = call("PUT", "/bank/faults", "{\"seed\":7,\"expired_certificate\":false,\"rules\":[{\"kind\":\"error\","
        + "\"share\":0.5,\"statuses\":[503],\"retry_after_seconds\":2,\"path_prefix\":\"/v1/records\","
        + "\"count\":3},{\"kind\":\"latency\",\"millis\":20}]}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(2, bank.faults().rules().size());
    assertEquals(Integer.valueOf(3), bank.faults().rules().get(0).count());
    assertEquals(7, json(call("GET", "/bank/faults", null)).get("seed").asLong());
    assertEquals(400, call("PUT", "/bank/faults", "{\"rules\":[{\"kind\":\"meteor\"}]}").statusCode());
    assertEquals(400, call("PUT", "/bank/faults", "{\"rules\":[{\"kind\":\"error\",\"share\":2}]}").statusCode());
    assertEquals(2, bank.faults().rules().size(), "a refused change changes nothing");

    r = call("POST", "/bank/reference/fare-table", "{\"fares\":[]}");
    assertEquals(1, json(r).get("version").asLong());
    r = call("POST", "/bank/reference/hotlist/delta", "{\"delta\":\"Kw==\",\"full\":\"QQ==\"}");
    assertEquals(1, json(r).get("version").asLong());
  }

  @Test
  void errorSharesAreSeededAndCounted() {
    bank.faults().set(java.util.List.of(Faults.Rule.errors(0.5, 1).times(5)), false, 42);
    int fired = 0;
    for (int i = 0; i < 100 && !bank.faults().rules().isEmpty(); i++) {
      fired += bank.faults().plan("/v1/x").errorStatus() != 0 ? 1 : 0;
    }
    assertEquals(5, fired);
    assertTrue(bank.faults().rules().isEmpty());
    bank.faults().set(java.util.List.of(Faults.Rule.errors(0.5, 1)), false, 42);
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      first.append(bank.faults().plan("/v1/x").errorStatus()).append(',');
    }
    bank.faults().set(java.util.List.of(Faults.Rule.errors(0.5, 1)), false, 42);
    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      second.append(bank.faults().plan("/v1/x").errorStatus()).append(',');
    }
    assertEquals(first.toString(), second.toString(), "the same seed gives the same faults");
  }
}
