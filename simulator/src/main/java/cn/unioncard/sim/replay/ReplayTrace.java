package cn.unioncard.sim.replay;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.ports.files.BoundedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A recorded card conversation: pairs of lines, a command APDU then its response APDU (status word included),
 * in hex. Spaces inside the hex are allowed; blank lines and lines starting with {@code #} are ignored. A UTF-8
 * byte order mark at the start is skipped. A trace is at most {@value #MAX_SIZE} bytes (and characters): real
 * traces are a few kilobytes, so anything longer (a device, an endless pipe) is refused once that much is read.
 *
 * <pre>
 * # SELECT PPSE
 * 00 A4 04 00 0E 325041592E5359532E4444463031 00
 * 6F 30 ... 90 00
 * </pre>
 */
public final class ReplayTrace {
  /** One command and the response the card gave to it. */
  public static final class Exchange {
    private final CommandApdu command;
    private final byte[] response;
    private final int line;

    Exchange(CommandApdu command, byte[] response, int line) {
      this.command = command;
      this.response = response;
      this.line = line;
    }

    public CommandApdu command() {
      return command;
    }

    public byte[] response() {
      return response.clone();
    }

    /** The line of the command in the trace file. */
    public int line() {
      return line;
    }
  }

  /** The most bytes (for {@link #parse}, characters) a trace may have: 8 MiB. */
  public static final int MAX_SIZE = 8 * 1024 * 1024;

  private static final char BOM = '\uFEFF';

  private final String source;
  private final List<Exchange> exchanges;

  private ReplayTrace(String source, List<Exchange> exchanges) {
    this.source = source;
    this.exchanges = Collections.unmodifiableList(exchanges);
  }

  /** Reads a trace file: at most {@value #MAX_SIZE} bytes of UTF-8. */
  public static ReplayTrace read(Path file) throws IOException, TraceFormatException {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = BoundedFile.read(file, MAX_SIZE);
    } catch (BoundedFile.TooLargeException e) {
      throw tooLong(source);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new TraceFormatException(source, "not UTF-8 text, so not a trace");
    }
    return parse(new StringReader(text), source);
  }

  /**
   * Reads a trace of at most {@value #MAX_SIZE} characters; {@code source} names it in errors (a file name).
   */
  public static ReplayTrace parse(Reader reader, String source) throws IOException, TraceFormatException {
    BufferedReader in = new BufferedReader(new StringReader(bounded(reader, source)));
    List<Exchange> out = new ArrayList<>();
    CommandApdu pending = null;
    int pendingLine = 0;
    int lineNo = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String text = line.trim();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      byte[] bytes;
      try {
        bytes = Hex.parse(text);
      } catch (DecodeException e) {
        throw new TraceFormatException(source, lineNo, "not hex: " + e.getMessage());
      }
      if (pending == null) {
        try {
          pending = CommandApdu.parse(bytes);
        } catch (DecodeException e) {
          throw new TraceFormatException(source, lineNo, "not a command APDU: " + e.getMessage());
        }
        pendingLine = lineNo;
      } else {
        if (bytes.length < 2) {
          throw new TraceFormatException(
              source, lineNo, "a response needs at least its 2-byte status word");
        }
        out.add(new Exchange(pending, bytes, pendingLine));
        pending = null;
      }
    }
    if (pending != null) {
      throw new TraceFormatException(
          source, pendingLine, "command without a response line at the end of the file");
    }
    if (out.isEmpty()) {
      throw new TraceFormatException(source, lineNo, "no command/response pairs: not a trace");
    }
    return new ReplayTrace(source, out);
  }

  /** The whole text, its byte order mark skipped, refused past {@value #MAX_SIZE} characters. */
  private static String bounded(Reader reader, String source) throws IOException, TraceFormatException {
    StringBuilder text = new StringBuilder();
    char[] buf = new char[8192];
    int n;
    while ((n = reader.read(buf, 0, Math.min(buf.length, MAX_SIZE + 1 - text.length()))) > 0) {
      text.append(buf, 0, n);
      if (text.length() > MAX_SIZE) {
        throw tooLong(source);
      }
    }
    if (text.length() > 0 && text.charAt(0) == BOM) {
      text.deleteCharAt(0);
    }
    return text.toString();
  }

  private static TraceFormatException tooLong(String source) {
    return new TraceFormatException(source, "longer than " + MAX_SIZE
        + " bytes, the most a trace may be: not a trace (is it a device or an endless pipe?)");
  }

  public String source() {
    return source;
  }

  public List<Exchange> exchanges() {
    return exchanges;
  }
}
