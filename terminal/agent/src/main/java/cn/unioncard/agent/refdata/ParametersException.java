package cn.unioncard.agent.refdata;

/** A terminal-parameters document that cannot be used: names the field (a JSON path) and what is wrong with it. */
public final class ParametersException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public ParametersException(String field, String message) {
    super((field.isEmpty() ? "terminal parameters" : "terminal parameters: " + field) + ": " + message);
    this.field = field;
  }

  /** The JSON path of the offending field, empty for the document as a whole. */
  public String field() {
    return field;
  }
}
