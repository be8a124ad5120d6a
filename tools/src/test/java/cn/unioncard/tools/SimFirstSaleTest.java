package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.app.Ucard;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.daemon.Agent;
import cn.unioncard.sim.SimShop;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.TerminalFiles;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ucard sim} started as docs/simulator.md says serves a first member sale by itself (issue 19): its bank knows
 * the example configuration's merchant and publishes the union's rules, so an ordinary member's flour costs 91.00.
 */
class SimFirstSaleTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void anOrdinaryMembersFlourCosts91ApprovedAndAnUnknownMerchantIsLogged() throws Exception {
    Path state = dir.resolve("sim");
    SimCommand sim = new SimCommand();
    CompletableFuture<SimCommand.Running> running = new CompletableFuture<>();
    sim.onRunning = running::complete;
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Ucard.run(List.of(sim), "sim",
        "--readers", "provider", "--control-port", "0", "--bank-port", "0", "--state-dir", state.toString(),
        "--pin-pad-terminal", "none"));
    SimCommand.Running r = running.get(60, TimeUnit.SECONDS);
    ch.qos.logback.classic.Logger bankLog = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger("cn.unioncard.sim.bank.AuthorisationHandler");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    bankLog.addAppender(logged);
    try {
      // the ids of ucard.example.yaml: terminal T0000001, merchant M0000001
      JsonNode result = saleAt(r, "T0000001", SimShop.MERCHANT, "POS1-1");
      assertEquals("APPROVED", result.get("outcome").asText(), result.toString());
      assertEquals(9100, result.get("amount").asLong(), result.toString());
      assertTrue(logged.list.isEmpty(), "nothing logged for a known merchant");

      JsonNode declined = saleAt(r, "G0000001", "M0000999", "POS1-2");
      assertEquals("DECLINED", declined.get("outcome").asText(), declined.toString());
      assertEquals(1, logged.list.size(), "one line for the unknown merchant");
      assertTrue(logged.list.get(0).getFormattedMessage().contains("knows no merchant M0000999"),
          logged.list.get(0).getFormattedMessage());
    } finally {
      bankLog.detachAppender(logged);
      r.stop().run();
    }
    assertEquals(Ucard.OK, exit.get(30, TimeUnit.SECONDS));
  }

  /** A checkout {@code terminalId} of {@code merchant} on the sim's bank and readers sells an ordinary member flour. */
  private JsonNode saleAt(SimCommand.Running r, String terminalId, String merchant, String reference) throws Exception {
    Path terminal = dir.resolve(terminalId);
    Files.createDirectories(terminal);
    Files.copy(dir.resolve("sim/bank-ca.pem"), terminal.resolve("bank-ca.pem"));
    int registerPort;
    try (ServerSocket s = new ServerSocket(0)) {
      registerPort = s.getLocalPort();
    }
    String contactless = r.sim().readers().stream().filter(x -> x.role() == Simulator.Role.CONTACTLESS)
        .findFirst().orElseThrow().pcscName();
    Path config = TerminalFiles.write(terminal, terminalId, "checkout", "  merchant_id: " + merchant + "\n",
        "register:\n  tcp_listen: 127.0.0.1:" + registerPort + "\ncheckout:\n  card_timeout: 10s\n", contactless, null,
        r.bank().baseUrl().toString());
    TerminalFactory readers = TerminalFactory.getInstance(SimulatorProvider.TYPE, r.sim().providerReaders(),
        new SimulatorProvider());
    Agent agent = Agent.start(AgentConfig.load(config), Clock.systemUTC(), readers, t -> { });
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(agent.signedOn() && agent.rules() != null) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(agent.signedOn() && agent.rules() != null, "the checkout signed on and got the union's rules");
      Thread.sleep(1500); // the readers are watched a while before the first tap (PcscReaders' settle time)
      post(r.controlAddress(), "/v1/register/connect", "{\"port\": " + registerPort + "}");
      CompletableFuture<HttpResponse<String>> sale = http.sendAsync(request(r.controlAddress(), "/v1/register/sale",
          "{\"reference\": \"" + reference + "\", \"amount_fen\": 9700, \"items\": [{\"code\": \"" + SimShop.FLOUR
              + "\", \"name\": \"flour 25kg\", \"category\": \"GRAIN\", \"quantity\": 1, \"unit_price_fen\": 9700}]}"),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500);
      post(r.controlAddress(), "/v1/readers/contactless/tap",
          "{\"card\": \"profile:ordinary-member\", \"hold_ms\": 3000}");
      HttpResponse<String> answer = sale.get(60, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      Thread.sleep(3500); // the card has left before the next sale
      return json.readTree(answer.body());
    } finally {
      agent.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void noRegisterExcludesRegister() {
    String[] r = UcardReadTest.run("sim", "--no-register", "--register", "127.0.0.1:9100");
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].contains("--no-register"), r[2]);
  }

  private HttpRequest request(URI base, String path, String body) {
    return HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private void post(URI base, String path, String body) throws Exception {
    HttpResponse<String> a = http.send(request(base, path, body), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, a.statusCode(), path + ": " + a.body());
  }
}
