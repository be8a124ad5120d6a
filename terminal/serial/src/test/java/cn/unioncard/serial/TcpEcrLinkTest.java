package cn.unioncard.serial;

import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.net.InetAddress;

/** The scenarios over TCP on loopback: the terminal listens on an ephemeral port, the register connects. */
class TcpEcrLinkTest extends EcrScenarios {
  TcpEcrPort server;

  @Override
  EcrPort terminalPort() throws Exception {
    server = TcpEcrPort.listen(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  @Override
  EcrPort registerPort() {
    return TcpEcrPort.connect(InetAddress.getLoopbackAddress().getHostAddress(), server.localPort());
  }

  @Override
  void breakLine(RegisterSimulator register) {
    register.disconnect();
  }

  @Override
  EcrPort restoreLine() {
    return registerPort();
  }
}
