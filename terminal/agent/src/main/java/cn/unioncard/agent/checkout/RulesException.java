package cn.unioncard.agent.checkout;

/** A discount-rules document that cannot be used: names the field (a JSON path) and what is wrong with it. */
public final class RulesException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public RulesException(String field, String problem) {
    super(field.isEmpty() ? "discount rules: " + problem : "discount rules: " + field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
