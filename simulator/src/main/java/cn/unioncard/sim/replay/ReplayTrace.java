package cn.unioncard.sim.replay;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A recorded card conversation: pairs of lines, a command APDU then its response APDU (status word included),
 * in hex. Spaces inside the hex are allowed; blank lines and lines starting with {@code #} are ignored.
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

  private final String source;
  private final List<Exchange> exchanges;

  private ReplayTrace(String source, List<Exchange> exchanges) {
    this.source = source;
    this.exchanges = Collections.unmodifiableList(exchanges);
  }

  /** Reads a trace; {@code source} names it in errors (a file name). */
  public static ReplayTrace parse(Reader reader, String source) throws IOException, TraceFormatException {
    BufferedReader in = new BufferedReader(reader);
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

  public String source() {
    return source;
  }

  public List<Exchange> exchanges() {
    return exchanges;
  }
}
