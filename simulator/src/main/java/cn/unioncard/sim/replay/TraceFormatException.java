package cn.unioncard.sim.replay;

/** A trace file that is not a trace: names the file and the line. */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  TraceFormatException(String source, int line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.line = line;
  }

  /** A problem of the whole file (its size, its encoding): no line. */
  TraceFormatException(String source, String problem) {
    super(source + ": " + problem);
    this.line = 0;
  }

  /** The 1-based line number of the problem; 0 for a problem of the whole file. */
  public int line() {
    return line;
  }
}
