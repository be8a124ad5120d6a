package cn.unioncard.bank.model;

/** Checks of the API's identifiers, for code outside the model. */
public final class Ids {
  private Ids() {}

  /**
   * A transaction id: 1 to 64 characters {@code [A-Za-z0-9._-]}, starting with a letter or digit.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String transactionId(String id) {
    return Checks.transactionId(id, "transaction_id");
  }
}
