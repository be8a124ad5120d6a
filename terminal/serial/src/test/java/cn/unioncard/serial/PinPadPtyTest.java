package cn.unioncard.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.agent.ecr.PinPadLink;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.PinBlock;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.PinStatus;
import cn.unioncard.sim.ecr.PinPadSimulator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PIN pad link over a socat pseudo-terminal pair: the terminal gets only the encrypted block. */
class PinPadPtyTest {
  static final byte[] TDEA_KEY = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  static final byte[] SM4_KEY = Hex.of("0123456789ABCDEFFEDCBA9876543210");
  static final String PAN = "6217001234567890123";

  @TempDir Path dir;
  SocatPair socat;
  PinPadLink terminal;
  PinPadSimulator pad;

  @BeforeEach
  void start() throws Exception {
    String why = SocatPair.unavailable();
    assumeTrue(why == null, why);
    socat = new SocatPair(dir).start();
    EcrConfig config = EcrConfig.fast();
    terminal = new PinPadLink(new JsscEcrPort(new JsscEcrPort.Settings(socat.a.toString(), 9600)).open(), config).start();
    pad = new PinPadSimulator(new JsscEcrPort(new JsscEcrPort.Settings(socat.b.toString(), 9600)).open(), config,
        TDEA_KEY, SM4_KEY).start();
  }

  @AfterEach
  void stop() {
    if (pad != null) {
      pad.close();
    }
    if (terminal != null) {
      terminal.close();
    }
    if (socat != null) {
      socat.close();
    }
  }

  @Test
  void theTypedPinComesBackAsAFormat0BlockUnderTheTdeaKey() throws Exception {
    pad.typePin("4711");
    PinResponse r = terminal.requestPin(PAN, 9100, PinKeyAlgorithm.TDEA, 5);
    assertEquals(PinStatus.ENTERED, r.status());
    assertEquals(8, r.pinBlock().length);
    // What the bank does: decrypt under the PIN key, take the PIN out with the full PAN.
    byte[] clear = PinBlock.decrypt(BlockAlgorithm.TDEA, TDEA_KEY, r.pinBlock());
    assertEquals("4711", PinBlock.decodeFormat0(clear, PAN));
  }

  @Test
  void sm4GivesTheWidenedBlock() throws Exception {
    pad.typePin("123456");
    PinResponse r = terminal.requestPin(PAN, 100, PinKeyAlgorithm.SM4, 5);
    assertEquals(16, r.pinBlock().length);
    assertEquals("123456", PinBlock.decodeFormat0ForSm4(PinBlock.decrypt(BlockAlgorithm.SM4, SM4_KEY, r.pinBlock()), PAN));
  }

  @Test
  void cancelledAndTimedOut() throws Exception {
    pad.pressCancel();
    PinResponse r = terminal.requestPin(PAN, 100, PinKeyAlgorithm.TDEA, 5);
    assertEquals(PinStatus.CANCELLED, r.status());
    assertNull(r.pinBlock());
    pad.walkAway();
    assertEquals(PinStatus.TIMEOUT, terminal.requestPin(PAN, 100, PinKeyAlgorithm.TDEA, 1).status());
    assertEquals(2, pad.requests());
  }

  @Test
  void theSameLineFaultsAsTheRegister() throws Exception {
    pad.typePin("0000");
    pad.lineNoise(40);
    pad.cutNextFrame();
    PinResponse r = terminal.requestPin(PAN, 100, PinKeyAlgorithm.TDEA, 5);
    assertEquals("0000", PinBlock.decodeFormat0(PinBlock.decrypt(BlockAlgorithm.TDEA, TDEA_KEY, r.pinBlock()), PAN));
    assertEquals(1, terminal.frames().badFramesReceived());
    pad.nakStorm(2);
    pad.dropNextAck();
    r = terminal.requestPin(PAN, 100, PinKeyAlgorithm.TDEA, 5);
    assertEquals(PinStatus.ENTERED, r.status());
    assertEquals(2, pad.requests(), "the resent request was not taken twice");
  }
}
