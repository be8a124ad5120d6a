package cn.unioncard.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.bank.BankControl;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.ecr.RegisterControl;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19: values the control API used to take with 200 (a string or 2^64 for {@code hold_ms}, items that are not a
 * list, unknown fault fields and kinds, a register connected to a closed port) are each a 400 with one line of JSON.
 */
class ControlValuesTest {
  @TempDir static Path dir;
  static Simulator sim;
  static ControlServer control;
  static BankSimulator bank;
  static RegisterControl register;
  static TcpEcrPort terminal;

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(Simulator.Options.defaults().withBackend(Simulator.Backend.PROVIDER),
        new CardFactory(dir.resolve("cards")));
    control = ControlServer.start(sim, 0);
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    control.mount(BankControl.PREFIX + "/", bank.controlHandler());
    register = new RegisterControl(ControlServer.JSON, EcrConfig.defaults());
    control.mount(RegisterControl.PREFIX, register);
    terminal = TcpEcrPort.listen(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stop() throws Exception {
    register.close();
    terminal.close();
    control.close();
    bank.close();
    sim.close();
  }

  record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return ControlServer.JSON.readTree(body);
    }
  }

  static Answer call(String method, String path, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(control.address() + path).openConnection();
    c.setRequestMethod(method);
    c.setReadTimeout(30_000);
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
    return new Answer(status, b.toString(StandardCharsets.UTF_8));
  }

  static void assert400(Answer a) throws IOException {
    assertEquals(400, a.status(), a.body());
    assertEquals(1, a.body().lines().count(), a.body());
    assertEquals(true, a.json().hasNonNull("error"), a.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"800\"", "18446744073709551616", "1.5", "-1", "600001", "true", "null"})
  void holdMsThatIsNotAWholeNumberInRangeIs400(String hold) throws Exception {
    Answer a = call("POST", "/v1/readers/contactless/tap", "{\"card\":\"trace:foreign-visa\",\"hold_ms\":" + hold + "}");
    assert400(a);
    assertEquals("malformed", a.json().get("error").asText());
  }

  @Test
  void aWholeHoldMsIsATap() throws Exception {
    assertEquals(200, call("POST", "/v1/readers/contactless/tap", "{\"card\":\"trace:foreign-visa\",\"hold_ms\":0}")
        .status());
  }

  @Test
  void aRegisterConnectedToAClosedPortIs400() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Answer a = call("POST", "/v1/register/connect", "{\"host\":\"127.0.0.1\",\"port\":" + closed + "}");
    assert400(a);
    assertEquals("unreachable", a.json().get("error").asText());
    assertEquals(false, call("GET", "/v1/register", null).json().get("connected").asBoolean());
    assert400(call("POST", "/v1/register/connect", "{\"port\":\"9100\"}"));
    assert400(call("POST", "/v1/register/connect", "{\"port\":18446744073709551616}"));
  }

  void connected() throws Exception {
    Answer a = call("POST", "/v1/register/connect", "{\"host\":\"127.0.0.1\",\"port\":" + terminal.localPort() + "}");
    assertEquals(200, a.status(), a.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "\"items\":\"flour\"",
    "\"items\":{\"code\":\"F1\"}",
    "\"items\":[\"flour\"]",
    "\"items\":[{\"code\":\"F1\",\"category\":\"food\",\"quantity\":\"2\",\"unit_price_fen\":100}]",
    "\"items\":[{\"code\":\"F1\",\"category\":\"food\",\"quantity\":0,\"unit_price_fen\":100}]",
    "\"items\":[{\"code\":\"F1\",\"category\":\"food\",\"quantity\":1000000,\"unit_price_fen\":9223372036854775807}]",
    "\"items\":[{\"code\":\"F1\",\"category\":\"food\",\"unit_price_fen\":18446744073709551616}]",
  })
  void saleItemsThatAreNotAListOfItemsAre400(String items) throws Exception {
    connected();
    assert400(call("POST", "/v1/register/sale", "{\"reference\":\"POS1-1\",\"amount_fen\":100," + items + "}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"line_noize\":20}", "{\"line_noise\":\"20\"}", "{\"nak_storm\":18446744073709551616}",
    "{\"never_ack\":\"yes\"}", "{\"disconnect\":1}", "{\"meteor\":true}",
  })
  void registerFaultsThatAreNotKnownAre400(String faults) throws Exception {
    connected();
    assert400(call("POST", "/v1/register/faults", faults));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"rules\":[{\"kind\":\"meteor\"}]}",
    "{\"rules\":[{\"kind\":\"latency\",\"milis\":5}]}",
    "{\"rules\":[{\"kind\":\"error\",\"statuses\":500}]}",
    "{\"rules\":[{\"kind\":\"error\",\"share\":\"half\"}]}",
    "{\"rules\":[{\"kind\":\"latency\",\"count\":4294967297}]}",
    "{\"rules\":\"latency\"}",
    "{\"rulez\":[]}",
  })
  void bankFaultsThatAreNotKnownAre400(String faults) throws Exception {
    Answer a = call("PUT", "/bank/faults", faults);
    assertEquals(400, a.status(), a.body());
    assertEquals(1, a.body().lines().count(), a.body());
    assertEquals(0, bank.faults().rules().size(), "no fault set");
  }

  @Test
  void aBankControlBodyOverTheBoundIs413() throws Exception {
    Answer a = call("POST", "/bank/reference/hotlist", "x".repeat(1024 * 1024 + 1));
    assertEquals(413, a.status(), a.body());
    assertEquals("too_large", a.json().get("error").asText());
  }
}
