package cn.unioncard.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.unioncard.bank.model.BankJson;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided: the first byte picks an answer type of the API, the rest is its body. Reading gives either a
 * whole value (which writes and reads back to itself) or a MALFORMED_RESPONSE naming a field (empty for the body
 * as a whole); nothing else escapes.
 */
class BankResponseFuzzTest {
  private static final List<Samples.Sample> TYPES = Samples.all();

  static {
    // Warm up every type's deserializer before the fuzzing clock runs (class loading is most of a 5 s budget).
    for (Samples.Sample s : TYPES) {
      for (String body : new String[] {s.json(), "{}", s.json().substring(0, s.json().length() / 2)}) {
        try {
          BankJson.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), s.type(),
              BankException.Kind.MALFORMED_RESPONSE, "warm-up");
        } catch (BankException expected) {
          // the broken bodies
        }
      }
    }
  }

  @FuzzTest
  void readAnswer(byte[] input) throws BankException {
    if (input.length == 0) {
      return;
    }
    Class<?> type = TYPES.get((input[0] & 0xFF) % TYPES.size()).type();
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    Object value;
    try {
      value = BankJson.read(body, type, BankException.Kind.MALFORMED_RESPONSE, "answer");
    } catch (BankException e) {
      assertEquals(BankException.Kind.MALFORMED_RESPONSE, e.kind());
      assertNotNull(e.field());
      return;
    }
    assertEquals(value, BankJson.read(BankJson.write(value), type, BankException.Kind.MALFORMED_RESPONSE, "again"));
  }
}
