package cn.unioncard.bank;

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

/**
 * Damage done to a valid JSON body for property tests: at the byte level (truncated, a bit flipped, a byte
 * replaced by JSON punctuation, a fragment inserted) or at the tree level (a field removed, nulled, or given a
 * value of another type).
 */
public final class Mutations {
  private static final ObjectMapper TREE = new ObjectMapper();

  private Mutations() {}

  /** One damage, byte level or tree level at random. */
  public static byte[] mutate(Random rnd, String json) {
    try {
      return rnd.nextBoolean() ? mutateBytes(rnd, json) : mutateTree(rnd, json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a sample body is not JSON", e);
    }
  }

  public static byte[] mutateBytes(Random rnd, String json) {
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

  public static byte[] mutateTree(Random rnd, String json) throws java.io.IOException {
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
