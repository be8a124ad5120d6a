package cn.unioncard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** Seeded: whatever a provider writes, a failure is a card or reader failure that keeps the PC/SC name it holds. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void anyMessageIsClassified(int seed) {
    java.util.Random random = new java.util.Random(seed);
    String[] names = {"SCARD_E_NOT_TRANSACTED", "SCARD_W_REMOVED_CARD", "SCARD_E_NO_SERVICE", "SCARD_E_INVALID_HANDLE"};
    for (int i = 0; i < 200; i++) {
      StringBuilder noise = new StringBuilder();
      for (int n = random.nextInt(40); n > 0; n--) {
        noise.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
      }
      String name = names[random.nextInt(names.length)];
      String message = random.nextBoolean() ? noise + " (" + name + ": words)" : noise.toString();
      TransportException e = PcscErrors.classify(new CardException(message), "reader");
      if (message.contains(name)) {
        boolean cardLeft = name.equals("SCARD_E_NOT_TRANSACTED") || name.equals("SCARD_W_REMOVED_CARD");
        assertEquals(cardLeft, e instanceof CardIoException, message);
        assertTrue(e.getMessage().contains(name), e.getMessage());
      } else {
        assertTrue(e instanceof CardIoException || e instanceof ReaderIoException);
      }
    }
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
