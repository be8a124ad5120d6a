package cn.unioncard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.CardIoException;
import cn.unioncard.agent.card.ReaderIoException;
import cn.unioncard.agent.card.TransportException;
import javax.smartcardio.CardException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Card or reader failure, by the PC/SC error name, in the message formats the two providers use. */
class PcscErrorsTest {
  @ParameterizedTest
  @CsvSource({
      "SCARD_E_NOT_TRANSACTED, card",
      "SCARD_W_REMOVED_CARD, card",
      "SCARD_E_NO_SMARTCARD, card",
      "SCARD_E_NO_READERS_AVAILABLE, reader",
      "SCARD_E_SERVICE_STOPPED, reader",
      "SCARD_E_NO_SERVICE, reader",
      "SCARD_E_INVALID_HANDLE, reader",
      "SCARD_E_READER_UNAVAILABLE, reader",
      "SCARD_E_UNEXPECTED, reader"})
  void classifiedByName(String name, String kind) {
    Class<? extends TransportException> expected = kind.equals("card") ? CardIoException.class : ReaderIoException.class;
    // the JDK's provider: a CardException caused by PCSCException whose message is the bare name
    TransportException jdk = PcscErrors.classify(new CardException("transmit failed", new Exception(name)), "contactless");
    assertInstanceOf(expected, jdk);
    assertTrue(jdk.getMessage().contains(name) && jdk.getMessage().startsWith("contactless"), jdk.getMessage());
    // jnasmartcardio: the call, the code and the name in one message
    TransportException jna = PcscErrors.classify(
        new CardException("SCardTransmit got response 0x80100016 (" + name + ": some words)"), "psam");
    assertInstanceOf(expected, jna);
    assertTrue(jna.getMessage().contains(name), jna.getMessage());
  }

  @Test
  void anUnknownFailureIsAReaderFailureThatSaysWhatItWas() {
    TransportException e = PcscErrors.classify(new IllegalStateException("provider confused"), "contactless reader");
    assertInstanceOf(ReaderIoException.class, e);
    assertEquals("contactless reader: PC/SC failure (IllegalStateException: provider confused)", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "2148532246, SCARD_E_NOT_TRANSACTED", // 0x80100016
      "2148532329, SCARD_W_REMOVED_CARD", // 0x80100069
      "2148532253, SCARD_E_NO_SERVICE", // 0x8010001D
      "-2146435050, SCARD_E_NOT_TRANSACTED", // the same code as a signed 32-bit LONG
      "1, unknown PC/SC error"})
  void codesHaveTheirNames(long code, String name) {
    assertEquals(name, PcscErrors.nameOf(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(unclosed", "[z-a]", ""})
  void aBadReaderPatternIsRefusedNamingTheRole(String pattern) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PcscConfig.builder().reader(ReaderRole.PSAM, pattern));
    assertTrue(e.getMessage().startsWith("PC/SC reader PSAM: "), e.getMessage());
  }

  @Test
  void aConfigurationNeedsAReader() {
    assertThrows(IllegalArgumentException.class, () -> PcscConfig.builder().build());
    assertEquals(2, PcscConfig.builder().reader(ReaderRole.CONTACTLESS, "PICC").reader(ReaderRole.PSAM, "SAM")
        .build().readers().size());
  }
}
