package cn.unioncard.app.pinpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.control.ControlServer;
import cn.unioncard.sim.ecr.PinPadControl;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.tools.SimPinPad;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PIN pad {@code ucard sim} hosts, end to end: a real daemon ({@code ucard run}'s {@link
 * cn.unioncard.app.daemon.Agent}) with {@code pin_pad.serial} on the sim's pseudo-terminal (socat), the member driven
 * through the control API, and the bank simulator on loopback checking the block under the PIN key it issued to the
 * terminal at sign-on.
 */
class SimPinPadDaemonTest {
  @TempDir static Path dir;
  static DaemonRig rig;
  static SimPinPad pinPad;
  static ControlServer control;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    String why = SimPinPad.unavailable();
    assumeTrue(why == null, why);
    rig = new DaemonRig(dir);
    pinPad = SimPinPad.start(dir.resolve("pinpad"), SimPinPad.entryFor(rig.bank, DaemonRig.TERMINAL),
        EcrConfig.defaults());
    rig.parts.add(pinPad);
    control = ControlServer.start(rig.shop, 0);
    rig.parts.add(control);
    control.mount(PinPadControl.PREFIX, new PinPadControl(ControlServer.JSON, pinPad.pad(), pinPad.device().toString(),
        DaemonRig.TERMINAL));
    int port = DaemonRig.freePort();
    rig.startAgent("register:\n  tcp_listen: 127.0.0.1:" + port + "\n"
        + "pin_pad:\n  serial: " + pinPad.device() + "\n  timeout: 2s\n");
    rig.register(new RegisterSimulator(TcpEcrPort.connect("127.0.0.1", port), EcrConfig.defaults()));
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  static JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(control.address() + PinPadControl.PREFIX + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = ControlServer.JSON.readTree(r.body());
    assertEquals(200, r.statusCode(), r.body());
    return n;
  }

  @Test
  void theRightPinIsApprovedUnderTheKeyTheTerminalGotAtSignOn() throws Exception {
    assertTrue(Files.isSymbolicLink(pinPad.device()), "the device is socat's pseudo-terminal");
    assertNotNull(rig.bank.currentPinKey(DaemonRig.TERMINAL), "the terminal signed on and has a PIN key");
    JsonNode state = post("/member", "{\"action\": \"type\", \"pin\": \"" + ProfileBank.PIN + "\"}");
    assertEquals("types", state.get("member").asText());
    int requests = pinPad.pad().requests();
    Ledger.Account before = rig.debit();
    String ref = rig.nextRef();

    Result r = rig.sale(ref);

    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(41000, r.amount());
    assertEquals(1, r.charges().size());
    assertEquals(Account.DEBIT, r.charges().get(0).account());
    assertEquals(41000, r.charges().get(0).amount());
    assertEquals(requests + 1, pinPad.pad().requests(), "one PIN REQUEST reached the sim's pad");
    assertTrue(rig.register.progressSeen(ref).contains(Stage.PIN_ENTRY));
    Ledger.Authorisation a = rig.authorisation(r.transactionId());
    assertTrue(a.status().equals("authorised") || a.status().equals("settled"), "approved, held or already uploaded: " + a.status());
    assertEquals(41000, a.amountFen());
    assertEquals(41000, a.debitFen());
    assertEquals(before.availableFen() - 41000, rig.debit().availableFen(),
        "the bank holds (or, once uploaded, has debited) the sale's amount");
  }

  @Test
  void aWrongPinIsDeclinedByTheBankAndNothingIsHeld() throws Exception {
    post("/member", "{\"action\": \"type\", \"pin\": \"000000\"}");
    Ledger.Account before = rig.debit();

    rig.assertWrongPinDeclined(rig.sale(rig.nextRef()), before);
    // the right PIN again clears the wrong try, so the card is not blocked for the other tests
    post("/member", "{\"action\": \"type\", \"pin\": \"" + ProfileBank.PIN + "\"}");
    assertEquals(Outcome.APPROVED, rig.sale(rig.nextRef()).outcome());
  }

  @Test
  void aCancelledPinEntryAndAMemberWhoWalksAwayChargeNothing() throws Exception {
    Ledger.Account before = rig.debit();
    post("/member", "{\"action\": \"cancel\"}");
    rig.assertNothingCharged(rig.sale(rig.nextRef()), Outcome.CANCELLED, "PC", "PIN entry cancelled; nothing charged",
        before);

    post("/member", "{\"action\": \"walk_away\"}");
    rig.assertNothingCharged(rig.sale(rig.nextRef()), Outcome.FAILED, "PT", "no PIN entered in time; nothing charged",
        before);
    post("/member", "{\"action\": \"type\", \"pin\": \"" + ProfileBank.PIN + "\"}");
  }

  @Test
  void theControlApiRefusesWhatItCannotDo() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(control.address() + PinPadControl.PREFIX
        + "/member")).POST(HttpRequest.BodyPublishers.ofString("{\"action\": \"type\", \"pin\": \"12\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertEquals("malformed", ControlServer.JSON.readTree(r.body()).get("error").asText());
    HttpResponse<String> g = HTTP.send(HttpRequest.newBuilder(URI.create(control.address() + PinPadControl.PREFIX))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = ControlServer.JSON.readTree(g.body());
    assertEquals(pinPad.device().toString(), n.get("device").asText());
    assertEquals(DaemonRig.TERMINAL, n.get("terminal").asText());
  }
}
