package cn.unioncard.app;

import java.util.Collections;
import java.util.List;

/** An error a person can act on: printed as one line (or one line per problem), with its exit status. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final List<String> lines;

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
    this.lines = Collections.singletonList(message);
  }

  /** Several problems found at once, a line each (not empty); the message is the first. */
  public UserError(List<String> lines, int exitCode) {
    super(lines.get(0));
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  /** The lines to print, each a problem on its own. */
  public List<String> lines() {
    return lines;
  }

  public int exitCode() {
    return exitCode;
  }
}
