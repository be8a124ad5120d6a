package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.app.Ucard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UcardReadTest {
  @TempDir Path dir;

  /** Runs ucard; returns exit status, stdout, stderr. */
  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = UcardTools.run(args);
      return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  Path bundled(String name) throws Exception {
    Path p = dir.resolve(name);
    Files.copy(UcardReadTest.class.getResourceAsStream("/cn/unioncard/sim/traces/" + name), p);
    return p;
  }

  @Test
  void jsonHasTheDocumentedFields() throws Exception {
    String[] r = run("read", "--replay", bundled("debit-and-transit.trace").toString(), "--json");
    assertEquals("0", r[0], r[2]);
    JsonNode j = new ObjectMapper().readTree(r[1]);
    assertEquals("A000000333010101", j.get("applications").get(0).get("aid").asText());
    assertEquals("PBOC DEBIT", j.get("applications").get(0).get("label").asText());
    assertEquals(1, j.get("applications").get(0).get("priority").asInt());
    assertEquals("A000000333010101", j.get("selected_aid").asText());
    assertEquals("621700*********0981", j.get("pan_masked").asText());
    assertEquals("2029-06-30", j.get("expiry").asText());
    assertEquals("LI NA", j.get("cardholder_name").asText());
    assertEquals(1234, j.get("ec_balance_fen").asLong());
    JsonNode t = j.get("transit");
    assertEquals("A000000632010105", t.get("aid").asText());
    assertEquals("3105170010170907984", t.get("card_number").asText());
    assertEquals("2019-08-06", t.get("valid_from").asText());
    assertEquals("2040-12-31", t.get("valid_to").asText());
    assertEquals(2850, t.get("balance_fen").asLong());
    assertEquals(1, t.get("trips").size());
    assertTrue(!r[1].contains("6217009876543210"), "no clear PAN in the output");
  }

  @Test
  void aCardWithoutTransitOrEcashHasNulls() throws Exception {
    JsonNode j = new ObjectMapper().readTree(run("read", "--replay", bundled("foreign-visa.trace").toString(), "--json")[1]);
    assertTrue(j.get("transit").isNull());
    assertTrue(j.get("ec_balance_fen").isNull());
  }

  @Test
  void aFileThatIsNotATraceIsOneLineAndStatusTwo() throws Exception {
    Path bad = dir.resolve("notes.txt");
    Files.writeString(bad, "# my card\n00A4040007A000000333010100\nhello\n");
    String[] r = run("read", "--replay", bad.toString());
    assertEquals("2", r[0]);
    assertEquals("ucard: " + bad + " line 3: not hex: 'h' is not a hex digit (offset 0)\n", r[2]);
    assertEquals("", r[1]);
  }

  @Test
  void aMissingFileIsStatusTwo() {
    String[] r = run("read", "--replay", dir.resolve("nope.trace").toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].endsWith("nope.trace: no such file\n"), r[2]);
  }


  /** An endless input (issue 19) is refused at the trace's bound with one line and status 2, never read whole. */
  @Test
  void anEndlessFileIsOneLineAndStatusTwo() {
    String[] r = run("read", "--replay", "/dev/zero");
    assertEquals("2", r[0]);
    assertEquals("", r[1]);
    assertEquals(1, r[2].split("\n").length, r[2]);
    assertTrue(r[2].startsWith("ucard: /dev/zero"), r[2]);
  }

  /** Bytes that are not UTF-8 are not a trace: one line, status 2. */
  @Test
  void aFileThatIsNotTextIsStatusTwo() throws Exception {
    Path binary = dir.resolve("photo.jpg");
    Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F'});
    String[] r = run("read", "--replay", binary.toString());
    assertEquals("2", r[0]);
    assertEquals("ucard: " + binary + ": not UTF-8 text, so not a trace\n", r[2]);
  }
}
