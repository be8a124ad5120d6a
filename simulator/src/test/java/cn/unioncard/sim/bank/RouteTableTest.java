package cn.unioncard.sim.bank;

import static cn.unioncard.sim.bank.TestTerminal.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route table: a call goes to the handler of its method and path with the path's parameters; an unknown path
 * or a known path with another method is {@code 404 not_found} "no such call", signed, after the signature check
 * (the bodies are the ones the bank answered before the route table).
 */
class RouteTableTest {
  @TempDir static Path dir;
  static BankSimulator bank;
  static TestTerminal terminal;

  @BeforeAll
  static void start() {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal("T0000001");
    terminal = new TestTerminal(bank, "T0000001");
  }

  @AfterAll
  static void stop() {
    bank.close();
  }

  private static ApiRequest request(String method, String path) {
    return new ApiRequest(method, path, null, Map.of(), new byte[0]);
  }

  private static ApiHandler answering(String text) {
    return call -> new ApiAnswer(200, (text + call.params()).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCallGoesToTheHandlerOfItsMethodAndPathWithThePathsParameters() throws ApiException {
    RouteTable routes = new RouteTable()
        .add("POST", "/v1/sign-on", answering("sign-on"))
        .add("POST", "/v1/business-days/([0-9]{4}-[0-9]{2}-[0-9]{2})/close", answering("close"))
        .add("GET", "/v1/transactions/([^/]{1,64})", answering("status"));
    Terminal t = bank.service().terminal("T0000001");
    assertEquals("sign-on[]", new String(routes.dispatch(request("POST", "/v1/sign-on"), t).body(),
        StandardCharsets.UTF_8));
    assertEquals("close[2026-11-23]", new String(
        routes.dispatch(request("POST", "/v1/business-days/2026-11-23/close"), t).body(), StandardCharsets.UTF_8));
    assertEquals("status[T0000001-1]", new String(
        routes.dispatch(request("GET", "/v1/transactions/T0000001-1"), t).body(), StandardCharsets.UTF_8));

    ApiException unknown = assertThrows(ApiException.class, () -> routes.dispatch(request("POST", "/v1/x"), t));
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.code());
    assertEquals("no such call: POST /v1/x", unknown.getMessage());
    ApiException wrongMethod = assertThrows(ApiException.class,
        () -> routes.dispatch(request("GET", "/v1/sign-on"), t));
    assertEquals(404, wrongMethod.status());
    assertEquals("no such call: GET /v1/sign-on", wrongMethod.getMessage());
    assertThrows(ApiException.class, () -> routes.dispatch(request("POST", "/v1/business-days/2026-1-23/close"), t));
  }

  private static void assertNoSuchCall(TestTerminal.Reply r, String call) {
    assertEquals(404, r.status(), r.text());
    assertEquals("{\"error\":\"not_found\",\"message\":\"no such call: " + call + "\"}", r.text());
    TestTerminal.assertSigned(r);
  }

  @Test
  void anUnknownPathOrAnotherMethodIsNotFoundOnTheWire() throws Exception {
    assertNoSuchCall(terminal.post("/v1/nothing", utf8("{}"), null), "POST /v1/nothing");
    assertNoSuchCall(terminal.post("/v1/sign-on/", utf8("{}"), null), "POST /v1/sign-on/");
    assertNoSuchCall(terminal.get("/v1/reference/hotlist/x"), "GET /v1/reference/hotlist/x");
    assertNoSuchCall(terminal.get("/v1/sign-on"), "GET /v1/sign-on");
    assertNoSuchCall(terminal.post("/v1/transactions/T0000001-1", utf8("{}"), null),
        "POST /v1/transactions/T0000001-1");
    assertNoSuchCall(terminal.get("/v1/business-days/2026-11-23/close"), "GET /v1/business-days/2026-11-23/close");
    assertNoSuchCall(terminal.send("PUT", "/v1/authorisations", new byte[0], null,
        terminal.headers("PUT", "/v1/authorisations", new byte[0], Instant.now())), "PUT /v1/authorisations");
  }

  @Test
  void theSignatureIsCheckedBeforeTheRoute() throws Exception {
    TestTerminal.Reply r = terminal.send("POST", "/v1/nothing", utf8("{}"), null, Map.of());
    assertEquals(401, r.status(), r.text());
    assertEquals("unauthorised", TestTerminal.read(r, cn.unioncard.bank.model.ErrorBody.class).error());
  }
}
