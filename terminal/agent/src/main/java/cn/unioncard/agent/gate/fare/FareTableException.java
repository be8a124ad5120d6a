package cn.unioncard.agent.gate.fare;

/** A fare table that cannot be used: names the field (a JSON path) and what is wrong with it. */
public final class FareTableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public FareTableException(String field, String problem) {
    super(field.isEmpty() ? "fare table: " + problem : "fare table: " + field + ": " + problem);
    this.field = field;
  }

  /** The JSON path of the field at fault ("" for the whole document). */
  public String field() {
    return field;
  }
}
