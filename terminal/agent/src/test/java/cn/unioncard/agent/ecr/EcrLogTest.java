package cn.unioncard.agent.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EcrLogTest {
  @Test
  void digitRunsThatCouldBeAPanAreMasked() {
    assertEquals("ref R1 amount 9700", EcrLog.redact("ref R1 amount 9700"));
    assertEquals("name=621700******1234;", EcrLog.redact("name=6217000000001234;"));
    assertEquals("********9012", EcrLog.redact("123456789012"));
    assertEquals("12345678901234567890", EcrLog.redact("12345678901234567890"));
  }
}
