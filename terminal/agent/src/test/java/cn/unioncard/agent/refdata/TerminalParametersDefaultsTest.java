package cn.unioncard.agent.refdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.sim.bank.DefaultTerminalParameters;
import org.junit.jupiter.api.Test;

/** The simulated bank's first parameters document is the agent's code defaults, byte for byte. */
class TerminalParametersDefaultsTest {
  @Test
  void theSimulatedBankPublishesTheCodeDefaults() throws Exception {
    assertArrayEquals(TerminalParameters.defaults().encode(), DefaultTerminalParameters.document());
    assertEquals(TerminalParameters.defaults(), TerminalParameters.parse(DefaultTerminalParameters.document()));
  }
}
