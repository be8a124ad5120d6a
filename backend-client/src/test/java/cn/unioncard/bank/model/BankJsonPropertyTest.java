package cn.unioncard.bank.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
  private static final ObjectMapper TREE = new ObjectMapper();

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x5EED_0000L + i * 7919);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedBodiesGiveAValueOrMalformed(long seed) throws Exception {
    Random rnd = new Random(seed);
    for (Samples.Sample s : Samples.all()) {
      for (int i = 0; i < 3; i++) {
        byte[] body = rnd.nextBoolean() ? mutateBytes(rnd, s.json()) : mutateTree(rnd, s.json());
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

  static byte[] mutateBytes(Random rnd, String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    switch (rnd.nextInt(4)) {
      case 0:
        return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
      case 1:
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        return b;
      case 2:
        b[rnd.nextInt(b.length)] = (byte) "{}[]\",:09.etnfa\\ ".charAt(rnd.nextInt(17));
        return b;
      default:
        int at = rnd.nextInt(b.length);
        String ins = new String[] {"}", "]", ",", "\"", "null", "1e999", "-0", "\\u0000", "{\"a\":"}[rnd.nextInt(9)];
        return (json.substring(0, Math.min(at, json.length())) + ins + json.substring(Math.min(at, json.length())))
            .getBytes(StandardCharsets.UTF_8);
    }
  }

  static byte[] mutateTree(Random rnd, String json) throws Exception {
    JsonNode root = TREE.readTree(json);
    List<ObjectNode> objects = new ArrayList<>();
    collect(root, objects);
    ObjectNode o = objects.get(rnd.nextInt(objects.size()));
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    if (names.isEmpty()) {
      return TREE.writeValueAsBytes(root);
    }
    String name = names.get(rnd.nextInt(names.size()));
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (rnd.nextInt(8)) {
      case 0:
        o.remove(name);
        break;
      case 1:
        o.putNull(name);
        break;
      case 2:
        o.put(name, rnd.nextInt(2000) - 1000);
        break;
      case 3:
        o.put(name, "x" + rnd.nextInt(10));
        break;
      case 4:
        o.put(name, rnd.nextBoolean());
        break;
      case 5:
        o.set(name, f.objectNode());
        break;
      case 6:
        o.set(name, f.arrayNode().add(o.get(name)));
        break;
      default:
        o.put(name, rnd.nextDouble() * 100);
        break;
    }
    return TREE.writeValueAsBytes(root);
  }

  private static void collect(JsonNode n, List<ObjectNode> out) {
    if (n instanceof ObjectNode) {
      out.add((ObjectNode) n);
    }
    if (n instanceof ObjectNode || n instanceof ArrayNode) {
      for (JsonNode c : n) {
        collect(c, out);
      }
    }
  }
}
