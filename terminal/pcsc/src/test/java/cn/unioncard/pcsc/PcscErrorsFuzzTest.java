package cn.unioncard.pcsc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.card.TransportException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import javax.smartcardio.CardException;

/** Coverage-guided: whatever message a provider's exception carries, it is classified, never thrown on. */
class PcscErrorsFuzzTest {
  @FuzzTest
  void classify(byte[] input) {
    String message = new String(input, StandardCharsets.UTF_8);
    TransportException e = PcscErrors.classify(new CardException("outer", new CardException(message)), "fuzz reader");
    assertNotNull(e);
    assertTrue(e.getMessage().startsWith("fuzz reader: "), e.getMessage());
    String name = PcscErrors.name(new CardException(message));
    assertTrue(name == null || message.contains(name));
  }
}
