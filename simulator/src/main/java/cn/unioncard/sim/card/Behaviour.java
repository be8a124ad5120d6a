package cn.unioncard.sim.card;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the card behaves on the wire (the {@code behaviour} section of a profile): latency per APDU, {@code 61xx}
 * chaining of long responses, and tearing (leaving the field after the Nth APDU).
 *
 * @param latencyMs added before every answer; 0 for none
 * @param chunkSize the longest response sent at once, longer ones chained by {@code 61xx}; 0 for no chaining
 * @param tearAtApdu the APDU (counted from insertion, 1 = the first) at which the card leaves; 0 for never
 * @param tearAfterExecuting true: the card runs the Nth command, then leaves before answering; false: it leaves
 *     before running it
 * @param tearEveryInsertion false: only the first insertion tears (a torn tap can be finished on the next)
 */
public record Behaviour(long latencyMs, int chunkSize, int tearAtApdu, boolean tearAfterExecuting,
    boolean tearEveryInsertion) {

  public static final Behaviour NONE = new Behaviour(0, 0, 0, false, false);

  static Behaviour fromJson(JsonFields f) throws ProfileException {
    long latency = f.optNumber("latency_ms", 0, 60_000, 0);
    int chunk = 0;
    JsonFields c = f.optObject("chaining");
    if (c != null) {
      chunk = (int) c.number("chunk_size", 1, 256);
      c.end();
    }
    int at = 0;
    boolean after = false;
    boolean every = false;
    JsonFields t = f.optObject("tearing");
    if (t != null) {
      at = (int) t.number("at_apdu", 1, 1_000_000);
      String when = t.optText("when", "after");
      if (!when.equals("before") && !when.equals("after")) {
        throw new ProfileException(t.at("when"), "not \"before\" or \"after\": " + when);
      }
      after = when.equals("after");
      every = t.optBoolean("every_insertion", false);
      t.end();
    }
    f.end();
    return new Behaviour(latency, chunk, at, after, every);
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (latencyMs > 0) {
      o.put("latency_ms", latencyMs);
    }
    if (chunkSize > 0) {
      o.putObject("chaining").put("chunk_size", chunkSize);
    }
    if (tearAtApdu > 0) {
      ObjectNode t = o.putObject("tearing");
      t.put("at_apdu", tearAtApdu);
      t.put("when", tearAfterExecuting ? "after" : "before");
      t.put("every_insertion", tearEveryInsertion);
    }
    return o;
  }

  /** {@code card} wrapped in the behaviours this record asks for: chaining innermost, then latency, then tearing. */
  public FieldCard wrap(FieldCard card) {
    FieldCard c = card;
    if (chunkSize > 0) {
      c = new ChainingCard(c, chunkSize);
    }
    if (latencyMs > 0) {
      c = new SlowCard(c, latencyMs);
    }
    if (tearAtApdu > 0) {
      c = new TearingCard(c, tearAtApdu, tearAfterExecuting, tearEveryInsertion);
    }
    return c;
  }
}
