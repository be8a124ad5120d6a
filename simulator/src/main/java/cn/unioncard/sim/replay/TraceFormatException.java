package cn.unioncard.sim.replay;

/** A trace file that is not a trace: names the file and the line. */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  TraceFormatException(String source, int line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line number of the problem. */
  public int line() {
    return line;
  }
}
