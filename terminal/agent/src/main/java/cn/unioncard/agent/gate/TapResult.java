package cn.unioncard.agent.gate;


/**
 * What the gate did with a tap, for the gate's display and its output.
 *
 * @param outcome open, refused, tap again, or out of service
 * @param reason a short code for machines ({@code insufficient_balance}, {@code hotlisted}, ...), null when open
 * @param message one line for the passenger or the operator
 * @param chargedFen what the purse was debited at this tap (0 when nothing)
 * @param balanceFen the purse's balance after the tap, or -1 when unknown
 * @param transactionId the stored trip, or null when nothing was stored
 * @param cardApdus card exchanges this tap took
 * @param psamApdus PSAM exchanges this tap took
 * @param storeCommits durable store commits this tap made (a paid ride: two, the intent and the outcome)
 */
public record TapResult(
    Outcome outcome,
    String reason,
    String message,
    long chargedFen,
    long balanceFen,
    String transactionId,
    int cardApdus,
    int psamApdus,
    int storeCommits) {

  /** A result with no store figures. */
  public TapResult(Outcome outcome, String reason, String message, long chargedFen, long balanceFen,
      String transactionId, int cardApdus, int psamApdus) {
    this(outcome, reason, message, chargedFen, balanceFen, transactionId, cardApdus, psamApdus, 0);
  }

  /** The four things a gate can do. */
  public enum Outcome {
    /** The gate opens. */
    OPEN,
    /** The card is not accepted here or now; the gate stays shut. */
    REFUSED,
    /** The card left too soon; the passenger taps again (a torn tap is finished then). */
    TAP_AGAIN,
    /** The gate cannot work (PSAM, reader, store): it stays shut and says so. */
    OUT_OF_SERVICE
  }
}
