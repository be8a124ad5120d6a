package cn.unioncard.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.protocol.Hex;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a trace is read with a bound (8 MiB), so a device or an endless pipe is refused in one line. */
class ReplayTraceBoundsTest {
  @TempDir Path dir;

  static final String PAIR = "00A4040008A00000063201010500\n6F008408A0000006320101059000\n";

  /** An endless reader of '0' that counts what it handed out. */
  static final class Zeros extends Reader {
    long handedOut;

    @Override
    public int read(char[] buf, int off, int len) {
      java.util.Arrays.fill(buf, off, off + len, '0');
      handedOut += len;
      return len;
    }

    @Override
    public void close() {}
  }

  @Test
  void anEndlessReaderIsRefusedAndNeverReadPastTheBound() {
    Zeros zeros = new Zeros();
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.parse(zeros, "endless"));
    assertEquals("endless: longer than 8388608 bytes, the most a trace may be: not a trace"
        + " (is it a device or an endless pipe?)", e.getMessage());
    assertTrue(zeros.handedOut <= ReplayTrace.MAX_SIZE + 1, "read " + zeros.handedOut);
  }

  @Test
  void devZeroIsRefusedInOneLine() {
    Path zero = Paths.get("/dev/zero");
    assumeTrue(Files.exists(zero));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.read(zero));
    assertTrue(e.getMessage().startsWith("/dev/zero: longer than 8388608 bytes"), e.getMessage());
    assertEquals(0, e.line());
  }

  @Test
  void devUrandomIsRefusedInOneLine() {
    Path random = Paths.get("/dev/urandom");
    assumeTrue(Files.exists(random));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.read(random));
    assertTrue(e.getMessage().startsWith("/dev/urandom: longer than 8388608 bytes"), e.getMessage());
  }

  @Test
  void anEndlessFifoIsRefused() throws Exception {
    Path fifo = dir.resolve("fifo.trace");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mk.waitFor() == 0, "mkfifo");
    Thread writer = new Thread(() -> {
      byte[] line = PAIR.getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = Files.newOutputStream(fifo)) {
        while (true) {
          out.write(line);
        }
      } catch (java.io.IOException expected) {
        // the reader gave up: broken pipe
      }
    });
    writer.setDaemon(true);
    writer.start();
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.read(fifo));
    assertTrue(e.getMessage().contains("longer than 8388608 bytes"), e.getMessage());
    writer.join(10_000);
  }

  @Test
  void aLargeRegularFileIsRefusedBeforeItIsRead() throws Exception {
    Path big = dir.resolve("big.trace");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(ReplayTrace.MAX_SIZE + 1L); // sparse: nothing to read but zeros
    }
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.read(big));
    assertTrue(e.getMessage().startsWith(big + ": longer than"), e.getMessage());
  }

  @Test
  void aTraceOfExactlyTheBoundIsRead() throws Exception {
    StringBuilder s = new StringBuilder(PAIR);
    while (s.length() < ReplayTrace.MAX_SIZE) {
      s.append('#');
    }
    s.setLength(ReplayTrace.MAX_SIZE);
    Path f = dir.resolve("full.trace");
    Files.write(f, s.toString().getBytes(StandardCharsets.US_ASCII));
    assertEquals(1, ReplayTrace.read(f).exchanges().size());
  }

  @Test
  void aByteOrderMarkAtTheStartIsSkipped() throws Exception {
    Path f = dir.resolve("bom.trace");
    Files.write(f, ("\uFEFF" + PAIR).getBytes(StandardCharsets.UTF_8));
    ReplayTrace t = ReplayTrace.read(f);
    assertEquals("00A4040008A000000632010105", Hex.encode(t.exchanges().get(0).command().encode()).substring(0, 26));
    assertEquals(1, ReplayTrace.parse(new java.io.StringReader("\uFEFF# a comment\n" + PAIR), "bom").exchanges().size());
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedInOneLine() throws Exception {
    Path f = dir.resolve("latin1.trace");
    Files.write(f, ("# caf\u00e9\n" + PAIR).getBytes(StandardCharsets.ISO_8859_1));
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ReplayTrace.read(f));
    assertEquals(f + ": not UTF-8 text, so not a trace", e.getMessage());
  }
}
