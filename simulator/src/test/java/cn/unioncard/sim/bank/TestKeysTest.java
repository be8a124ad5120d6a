package cn.unioncard.sim.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;

/** The test keys are the values docs/bank-api.md publishes, so a demo or an integrator computes the same. */
class TestKeysTest {
  @Test
  void theDocumentedValues() {
    assertEquals("9EF1E20E4E2AE2452E8A1FC5CED0279E", Hex.encode(TestKeys.terminalMasterKey("T0000001")));
    assertEquals("30AA0FE610A12E1C87F2063D2604962F5D92BDE112402C0658E0F24374A04A0C",
        Hex.encode(TestKeys.terminalSigningKey("T0000001")));
    assertEquals("04720939471415DE60396E7A4092D919C9C12B8809FF477F71C654EAC2E9DD6FEB5227ACE3E3998BBA3FCA2A79AE3F13BB"
        + "0579B07EB4E48BF969BC40C3C3A9FBF8", Hex.encode(TestKeys.responsePublicKey()));
    assertEquals("048B8D6CA892DFFC671DC4ED4C658AF448454E7E9209534AF8EF3BA956855D6498EC32FC47C3202AD28ACE6CF3DEFD70F6"
        + "1CF5251F8CB81498A442F8F514B49171", Hex.encode(TestKeys.referencePublicKey()));
    assertEquals("7F8FA31B1AAB3B5E19190FF13963BFFF", Hex.encode(TestKeys.panHashKey()));
    assertEquals("0123456789ABCDEFFEDCBA9876543210", Hex.encode(TestKeys.imkAc()));
  }
}
