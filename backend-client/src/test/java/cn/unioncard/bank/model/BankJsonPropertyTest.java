package cn.unioncard.bank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.Mutations;
import cn.unioncard.bank.Samples;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property: whatever is done to a valid answer of any type (bytes truncated, flipped, replaced, or
 * inserted; a field removed, nulled or given another type), reading it either gives a complete, valid value or
 * a MALFORMED_RESPONSE naming a field, nothing else.
 */
class BankJsonPropertyTest {
  static LongStream seeds() {
    return LongStream.range(0, 120).map(i -> 0x5EED_0000L + i * 7919);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedBodiesGiveAValueOrMalformed(long seed) throws Exception {
    Random rnd = new Random(seed);
    for (Samples.Sample s : Samples.all()) {
      for (int i = 0; i < 3; i++) {
        byte[] body = Mutations.mutate(rnd, s.json());
        check(s.type(), body, seed);
      }
    }
  }

  static void check(Class<?> type, byte[] body, long seed) {
    try {
      Object v = BankJson.read(body, type, BankException.Kind.MALFORMED_RESPONSE, "answer");
      // A value that was read is whole: it writes and reads back to itself.
      Object again = BankJson.read(BankJson.write(v), type, BankException.Kind.MALFORMED_RESPONSE, "again");
      assertEquals(v, again, "seed " + seed);
    } catch (BankException e) {
      assertEquals(BankException.Kind.MALFORMED_RESPONSE, e.kind(), "seed " + seed);
      assertNotNull(e.field(), "seed " + seed);
    }
  }
}
