package cn.unioncard.serial;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios over a real socat pseudo-terminal pair, jssc on both ends, at 115200 baud. */
class PtyEcrLinkTest extends EcrScenarios {
  @TempDir Path dir;
  SocatPair socat;

  @BeforeEach
  void socat() throws Exception {
    String why = SocatPair.unavailable();
    assumeTrue(why == null, why);
    socat = new SocatPair(dir).start();
  }

  @AfterEach
  void stopSocat() throws Exception {
    stop();
    if (socat != null) {
      socat.close();
    }
  }

  @Override
  EcrPort terminalPort() throws Exception {
    return new JsscEcrPort(new JsscEcrPort.Settings(socat.a.toString(), 115200)).open();
  }

  @Override
  EcrPort registerPort() throws Exception {
    return new JsscEcrPort(new JsscEcrPort.Settings(socat.b.toString(), 115200)).open();
  }

  @Override
  void breakLine(RegisterSimulator register) throws Exception {
    register.disconnect();
    socat.stop();
  }

  @Override
  EcrPort restoreLine() throws Exception {
    socat.start();
    return registerPort();
  }
}
