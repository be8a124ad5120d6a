package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.ecr.EcrLink;
import cn.unioncard.agent.ecr.InMemoryEcrJournal;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.control.ControlServer;
import cn.unioncard.sim.ecr.RegisterControl;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated register driven over the control API, talking to a real terminal-side ECR link over TCP. */
class RegisterControlTest {
  final AtomicInteger handled = new AtomicInteger();
  TcpEcrPort terminalPort;
  EcrLink terminal;
  Simulator sim;
  ControlServer control;
  RegisterControl register;

  @BeforeEach
  void start() throws Exception {
    terminalPort = TcpEcrPort.listen(InetAddress.getLoopbackAddress(), 0);
    EcrHandler approve = (request, context) -> {
      int n = handled.incrementAndGet();
      Sale sale = (Sale) request;
      return Result.of(MessageType.SALE, sale.reference(), Outcome.APPROVED, "00", "批准")
          .withCharges("T0000001-00000000000" + n, sale.amount(),
              Arrays.asList(new Charge(Account.BENEFIT, 2000), new Charge(Account.DEBIT, sale.amount() - 2000)));
    };
    terminal = new EcrLink(terminalPort, EcrConfig.fast(), approve, new InMemoryEcrJournal()).start();
    sim = Simulator.start(Simulator.Options.defaults().withBackend(Simulator.Backend.PROVIDER), new CardFactory());
    control = ControlServer.start(sim, 0);
    register = new RegisterControl(ControlServer.JSON, EcrConfig.fast());
    control.mount(RegisterControl.PREFIX, register);
  }

  @AfterEach
  void stop() throws Exception {
    register.close();
    control.close();
    sim.close();
    terminal.close();
  }

  JsonNode[] call(String method, String path, String body) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(control.address() + path).openConnection();
    c.setRequestMethod(method);
    if (body != null) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return new JsonNode[] {ControlServer.JSON.getNodeFactory().numberNode(status), ControlServer.JSON.readTree(b.toByteArray())};
  }

  @Test
  void aSaleFromTheControlApiIsAnsweredByTheTerminalAndARepeatIsNotChargedTwice() throws Exception {
    JsonNode[] early = call("POST", "/v1/register/sale", "{\"reference\":\"R-1\",\"amount_fen\":9100}");
    assertEquals(409, early[0].asInt());
    assertEquals("not_connected", early[1].get("error").asText());

    JsonNode[] connected = call("POST", "/v1/register/connect", "{\"port\":" + terminalPort.localPort() + "}");
    assertEquals(200, connected[0].asInt(), connected[1].toString());
    assertTrue(connected[1].get("connected").asBoolean());

    String sale = "{\"reference\":\"R-1\",\"amount_fen\":9100,"
        + "\"items\":[{\"code\":\"6901234567890\",\"name\":\"面粉 25kg\",\"category\":\"grain\",\"unit_price_fen\":9100}]}";
    JsonNode[] r = call("POST", "/v1/register/sale", sale);
    assertEquals(200, r[0].asInt(), r[1].toString());
    assertEquals("APPROVED", r[1].get("outcome").asText());
    assertEquals(9100, r[1].get("amount").asLong());
    assertEquals("BENEFIT", r[1].get("charges").get(0).get("account").asText());
    assertEquals(2000, r[1].get("charges").get(0).get("amount").asLong());
    String id = r[1].get("transaction_id").asText();

    JsonNode[] again = call("POST", "/v1/register/sale", sale);
    assertEquals(id, again[1].get("transaction_id").asText(), "the first result, not a second charge");
    assertEquals(1, handled.get());
  }

  @Test
  void badCallsGetAClearAnswer() throws Exception {
    assertEquals(400, call("POST", "/v1/register/connect", "{\"port\":0}")[0].asInt());
    assertEquals(400, call("POST", "/v1/register/sale", "{nope")[0].asInt());
    call("POST", "/v1/register/connect", "{\"port\":" + terminalPort.localPort() + "}");
    assertEquals(400, call("POST", "/v1/register/sale", "{\"reference\":\"R-2\",\"amount_fen\":-5}")[0].asInt());
    assertEquals(404, call("POST", "/v1/register/refund", "{}")[0].asInt());
    assertEquals(405, call("GET", "/v1/register/sale", null)[0].asInt());
    assertEquals(200, call("GET", "/v1/register", null)[0].asInt());
  }
}
