package cn.unioncard.agent.refdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.gate.TransitLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The terminal-parameters document: the documented example, errors naming the field, and seeded properties. */
class TerminalParametersTest {
  static final String EXAMPLE = "{\"checkout\": {\"max_offline_sale_fen\": 10000, \"max_offline_benefit_fen\": 20000,"
      + " \"max_pending_count\": 2000, \"max_pending_fen\": 20000000, \"max_pending_benefit_fen\": 0,"
      + " \"max_pending_debit_fen\": 0, \"max_pending_ecash_fen\": 0, \"max_oldest_pending_hours\": 72},"
      + " \"transit\": {\"max_pending_count\": 200000, \"max_oldest_pending_hours\": 336}}";

  static TerminalParameters parse(String s) throws ParametersException {
    return TerminalParameters.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDocumentedExampleIsTheDefaults() throws Exception {
    assertEquals(TerminalParameters.defaults(), parse(EXAMPLE));
  }

  @Test
  void errorsNameTheField() {
    assertEquals("checkout.max_pending_count", assertThrows(ParametersException.class,
        () -> parse(EXAMPLE.replace("\"max_pending_count\": 2000", "\"max_pending_count\": -1"))).field());
    assertEquals("transit.max_oldest_pending_hours", assertThrows(ParametersException.class,
        () -> parse(EXAMPLE.replace("336", "1.5"))).field());
    assertEquals("checkout.max_pending_ecash_fen", assertThrows(ParametersException.class,
        () -> parse(EXAMPLE.replace("\"max_pending_ecash_fen\": 0,", ""))).field());
    assertEquals("transit.speed", assertThrows(ParametersException.class,
        () -> parse(EXAMPLE.replace("\"transit\": {", "\"transit\": {\"speed\": 1, "))).field());
    assertEquals("extra", assertThrows(ParametersException.class,
        () -> parse(EXAMPLE.replace("{\"checkout\"", "{\"extra\": 1, \"checkout\""))).field());
    assertEquals("", assertThrows(ParametersException.class, () -> parse("[1]")).field());
    assertEquals("", assertThrows(ParametersException.class, () -> parse("{\"checkout\":")).field());
    assertEquals("transit", assertThrows(ParametersException.class,
        () -> parse("{\"checkout\": " + EXAMPLE.substring(13, EXAMPLE.indexOf("},") + 1) + "}")).field());
  }

  static LongStream seeds() {
    return LongStream.range(1, 201);
  }

  /** Random limits: encoded, read back equal. */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomParametersReadBack(long seed) throws Exception {
    Random r = new Random(seed);
    TerminalParameters p = new TerminalParameters(
        new OfflineLimits(n(r), n(r), n(r), Duration.ofHours(r.nextInt(10_000)), n(r), n(r), n(r), n(r)),
        new TransitLimits(n(r), Duration.ofHours(r.nextInt(10_000))));
    assertEquals(p, TerminalParameters.parse(p.encode()));
  }

  /** The example with one byte changed or cut: parameters, or a ParametersException; never another exception. */
  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedDocumentsParseOrFailCleanly(long seed) {
    Random r = new Random(seed);
    byte[] b = EXAMPLE.getBytes(StandardCharsets.UTF_8);
    int i = r.nextInt(b.length);
    if (r.nextBoolean()) {
      b[i] = (byte) "0123456789-.,:{}[]\"ae ".charAt(r.nextInt(22));
    } else {
      b = java.util.Arrays.copyOf(b, i);
    }
    try {
      TerminalParameters p = TerminalParameters.parse(b);
      assertEquals(p, TerminalParameters.parse(p.encode()));
    } catch (ParametersException expected) {
      // named what is wrong
    }
  }

  private static long n(Random r) {
    return r.nextBoolean() ? 0 : (long) (r.nextDouble() * 1_000_000_000L);
  }
}
