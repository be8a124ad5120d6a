package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.ReplayTrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/simulator.md's trace example is copyable as written (issue 19): its block, taken from the page, is a trace. */
class SimDocsTest {
  @TempDir Path dir;

  /** The first fenced block after {@code heading} in docs/simulator.md. */
  static String block(String heading) throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "simulator.md"), StandardCharsets.UTF_8);
    int at = doc.indexOf(heading);
    assertTrue(at >= 0, "docs/simulator.md has " + heading);
    int open = doc.indexOf("```\n", at);
    int close = doc.indexOf("\n```", open + 3);
    return doc.substring(open + 4, close + 1);
  }

  @Test
  void theTraceExampleIsATrace() throws Exception {
    Path trace = dir.resolve("example.trace");
    Files.writeString(trace, block("## Replay cards and trace files"), StandardCharsets.UTF_8);
    ReplayTrace t = ReplayTrace.read(trace);
    assertEquals(1, t.exchanges().size());
    assertArrayEquals(Hex.of("00A404000E325041592E5359532E444446303100"), t.exchanges().get(0).command().encode());
    String[] r = UcardReadTest.run("read", "--replay", trace.toString());
    assertNotEquals("2", r[0], "ucard read takes the example as a trace: " + r[2]);
  }
}
