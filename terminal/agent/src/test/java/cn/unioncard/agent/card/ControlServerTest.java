package cn.unioncard.agent.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.control.ControlServer;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API over real HTTP, driving readers that unmodified PC/SC code then sees. */
class ControlServerTest {
  Simulator sim;
  ControlServer control;
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path cards;

  @BeforeEach
  void start() throws Exception {
    sim = Simulator.start(Simulator.Options.defaults().withBackend(Simulator.Backend.PROVIDER), new CardFactory(cards));
    control = ControlServer.start(sim, 0);
  }

  @AfterEach
  void stop() {
    control.close();
    sim.close();
  }

  record Answer(int status, JsonNode body) {}

  Answer call(String method, String path, String body) throws IOException {
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
    return new Answer(status, ControlServer.JSON.readTree(b.toByteArray()));
  }

  @Test
  void insertedCardIsSeenByPcscCodeAndCountedAndListedInEvents() throws Exception {
    Answer a = call("POST", "/v1/readers/contactless/insert", "{\"card\":\"trace:debit-chinese-name\"}");
    assertEquals(200, a.status());
    assertTrue(a.body().get("card_present").asBoolean());
    assertEquals("trace:debit-chinese-name", a.body().get("card").asText());

    CardTerminal reader = TerminalFactory.getInstance(SimulatorProvider.TYPE, sim.providerReaders(), new SimulatorProvider())
        .terminals().getTerminal(a.body().get("pcsc_name").asText());
    assertTrue(reader.isCardPresent());
    int sw = reader.connect("*").getBasicChannel()
        .transmit(new CommandAPDU(cn.unioncard.protocol.Hex.of("00A404000E325041592E5359532E444446303100"))).getSW();
    assertEquals(0x9000, sw);
    assertEquals(1, call("GET", "/v1/readers/contactless", null).body().get("apdus").asInt());

    assertEquals(200, call("POST", "/v1/readers/contactless/remove", null).status());
    assertTrue(reader.waitForCardAbsent(1000));
    JsonNode events = call("GET", "/v1/events", null).body();
    assertEquals(2, events.size());
    assertEquals("inserted", events.get(0).get("kind").asText());
    assertEquals("removed", events.get(1).get("kind").asText());
    assertEquals("trace:debit-chinese-name after 1 APDUs", events.get(1).get("detail").asText());
    assertEquals(1, call("GET", "/v1/events?since=1", null).body().size());
  }

  @Test
  void aProfilesCardKeepsItsStateFromOneInsertionToTheNext() throws Exception {
    assertEquals(200, call("POST", "/v1/readers/contactless/insert", "{\"card\":\"profile:ordinary-member\"}").status());
    JsonNode before = call("GET", "/v1/readers/contactless/card", null).body().get("state");
    assertEquals(5000, before.get("transit").get("balance_fen").asInt());
    long atc = before.get("debit").get("atc").asLong();
    CardTerminal reader = TerminalFactory.getInstance(SimulatorProvider.TYPE, sim.providerReaders(), new SimulatorProvider())
        .terminals().getTerminal(sim.reader("contactless").pcscName());
    javax.smartcardio.CardChannel ch = reader.connect("*").getBasicChannel();
    cn.unioncard.agent.card.CardRead read = new cn.unioncard.agent.card.CardSession(command -> {
      try {
        return ch.transmit(new CommandAPDU(command)).getBytes();
      } catch (javax.smartcardio.CardException e) {
        throw new cn.unioncard.ports.card.CardIoException(e.getMessage());
      }
    }, cn.unioncard.agent.card.TerminalData.defaults()).read();
    assertEquals("张伟", read.cardholderName());
    call("POST", "/v1/readers/contactless/remove", null);
    call("POST", "/v1/readers/contactless/insert", "{\"card\":\"profile:ordinary-member\"}");
    JsonNode after = call("GET", "/v1/readers/contactless/card", null).body().get("state");
    assertEquals(atc + 1, after.get("debit").get("atc").asLong(), "the read's GPO moved the ATC, and it stayed");
    assertTrue(java.nio.file.Files.exists(cards.resolve("ordinary-member.json")));
  }

  @Test
  void aTapLeavesByItself() throws Exception {
    assertEquals(200, call("POST", "/v1/readers/contactless/tap", "{\"card\":\"trace:foreign-visa\",\"hold_ms\":50}").status());
    long deadline = System.currentTimeMillis() + 5000;
    while (call("GET", "/v1/readers/contactless", null).body().get("card_present").asBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "the tapped card left");
      Thread.sleep(20);
    }
  }

  @Test
  void badRequestsGetAClearAnswer() throws Exception {
    Answer a = call("POST", "/v1/readers/contactless/insert", "{\"card\":\"trace:no-such\"}");
    assertEquals(400, a.status());
    assertEquals("bad_card", a.body().get("error").asText());
    assertTrue(a.body().get("message").asText().startsWith("no bundled trace no-such"));

    assertEquals(400, call("POST", "/v1/readers/contactless/insert", "{not json").status());
    assertEquals(400, call("POST", "/v1/readers/contactless/insert", "{\"card\":7}").status());
    assertEquals(400, call("POST", "/v1/readers/contactless/insert", "{\"card\":\"nokind\"}").status());
    assertEquals(400, call("POST", "/v1/readers/contactless/tap", "{\"card\":\"trace:foreign-visa\",\"hold_ms\":-1}").status());
    assertEquals(404, call("POST", "/v1/readers/nowhere/insert", "{\"card\":\"trace:foreign-visa\"}").status());
    assertEquals(404, call("GET", "/v1/nothing", null).status());
    assertEquals(405, call("GET", "/v1/readers/contactless/insert", null).status());

    assertEquals(200, call("POST", "/v1/readers/psam/insert", "{\"card\":\"trace:foreign-visa\"}").status());
    Answer busy = call("POST", "/v1/readers/psam/insert", "{\"card\":\"trace:foreign-visa\"}");
    assertEquals(409, busy.status());
    assertEquals("conflict", busy.body().get("error").asText());
  }
}
