package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RESULT (docs/ecr-protocol.md §9.4): the final answer to one request. Start from {@link #of} and add what
 * the request type needs with the {@code with...} methods.
 *
 * @param requestType the type of the request answered (for STATUS with a reference: the type of the request
 *     found)
 * @param reference the request's reference, or null (CANCEL, STATUS of the terminal)
 * @param outcome how it ended
 * @param reasonCode a short code (1–8 printable ASCII): {@code 00} when approved, else the bank's or the
 *     terminal's code (§9.5)
 * @param reasonText the reason for the operator (UTF-8), or null
 * @param transactionId the terminal's transaction id (1–32 printable ASCII), or null
 * @param amount the total charged (SALE) or refunded (REFUND, VOID), fen; 0 when nothing was
 * @param charges the amount per account; their sum is {@code amount}
 * @param discounts the member discounts applied
 * @param receipt the receipt's text lines (UTF-8, Chinese allowed)
 * @param balances the balances (BALANCE)
 * @param totals the day's totals (SETTLE)
 * @param terminalState the terminal's state (STATUS without a reference), or null
 */
public record Result(
    MessageType requestType,
    String reference,
    Outcome outcome,
    String reasonCode,
    String reasonText,
    String transactionId,
    long amount,
    List<Charge> charges,
    List<DiscountLine> discounts,
    List<String> receipt,
    List<AccountBalance> balances,
    List<DayTotal> totals,
    TerminalState terminalState)
    implements EcrMessage {

  public Result {
    if (requestType == null || !requestType.isRegisterRequest()) {
      throw new IllegalArgumentException("request type must be a request: " + requestType);
    }
    Fields.checkReference("reference", reference, true);
    if (outcome == null) {
      throw new IllegalArgumentException("outcome missing");
    }
    Fields.checkCode("reason code", reasonCode);
    Fields.checkReference("transaction id", transactionId, true);
    Fields.checkMoney("amount", amount);
    charges = Fields.copy("charges", charges);
    discounts = Fields.copy("discounts", discounts);
    receipt = Fields.copy("receipt", receipt);
    balances = Fields.copy("balances", balances);
    totals = Fields.copy("totals", totals);
  }

  /** A result with nothing but its request, outcome and reason. */
  public static Result of(MessageType requestType, String reference, Outcome outcome, String reasonCode, String reasonText) {
    List<Charge> noCharges = Collections.emptyList();
    return new Result(requestType, reference, outcome, reasonCode, reasonText, null, 0, noCharges,
        Collections.<DiscountLine>emptyList(), Collections.<String>emptyList(),
        Collections.<AccountBalance>emptyList(), Collections.<DayTotal>emptyList(), null);
  }

  /** The same result with the transaction, amount and charges set. */
  public Result withCharges(String transactionId, long amount, List<Charge> charges) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  public Result withDiscounts(List<DiscountLine> discounts) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  public Result withReceipt(List<String> receipt) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  public Result withBalances(List<AccountBalance> balances) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  public Result withTotals(List<DayTotal> totals) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  /** The same result answering a request of another type: a STATUS that found it. */
  public Result answering(MessageType requestType) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  public Result withTerminalState(TerminalState terminalState) {
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }

  @Override
  public MessageType type() {
    return MessageType.RESULT;
  }

  @Override
  public byte[] encode() {
    Fields.Writer w = new Fields.Writer()
        .code(REQUEST_TYPE, requestType.code())
        .text(REFERENCE, reference)
        .code(OUTCOME, outcome.code())
        .text(REASON_CODE, reasonCode)
        .text(REASON_TEXT, reasonText)
        .text(TRANSACTION_ID, transactionId)
        .money(AMOUNT, amount);
    for (Charge c : charges) {
      w.group(CHARGE, c.write());
    }
    for (DiscountLine d : discounts) {
      w.group(DISCOUNT, d.write());
    }
    w.texts(RECEIPT_LINE, receipt);
    for (AccountBalance b : balances) {
      w.group(BALANCE, b.write());
    }
    for (DayTotal t : totals) {
      w.group(DAY_TOTAL, t.write());
    }
    if (terminalState != null) {
      w.code(TERMINAL_STATE, terminalState.code());
    }
    return Fields.message(type(), w);
  }

  static Result read(Fields.Reader f, byte[] payload) throws DecodeException {
    MessageType requestType = MessageType.fromCode(f.code(REQUEST_TYPE, "request type", true), f.offsetOf(REQUEST_TYPE));
    if (!requestType.isRegisterRequest()) {
      throw new DecodeException("RESULT: request type " + requestType + " is not a request", f.offsetOf(REQUEST_TYPE));
    }
    String reference = f.reference(REFERENCE, "reference", false);
    Outcome outcome = Outcome.fromCode(f.code(OUTCOME, "outcome", true), f.offsetOf(OUTCOME));
    String reasonCode = f.reasonCode(REASON_CODE, "reason code");
    String reasonText = f.text(REASON_TEXT, "reason text", false);
    String transactionId = f.reference(TRANSACTION_ID, "transaction id", false);
    long amount = f.money(AMOUNT, "amount", true, 0);
    List<Charge> charges = new ArrayList<>();
    for (Fields.Reader g : f.groups(CHARGE, "CHARGE", payload)) {
      charges.add(Charge.read(g));
    }
    List<DiscountLine> discounts = new ArrayList<>();
    for (Fields.Reader g : f.groups(DISCOUNT, "DISCOUNT", payload)) {
      discounts.add(DiscountLine.read(g));
    }
    List<String> receipt = f.texts(RECEIPT_LINE, "receipt line");
    List<AccountBalance> balances = new ArrayList<>();
    for (Fields.Reader g : f.groups(BALANCE, "BALANCE", payload)) {
      balances.add(AccountBalance.read(g));
    }
    List<DayTotal> totals = new ArrayList<>();
    for (Fields.Reader g : f.groups(DAY_TOTAL, "DAY_TOTAL", payload)) {
      totals.add(DayTotal.read(g));
    }
    int state = f.code(TERMINAL_STATE, "terminal state", false);
    TerminalState terminalState = state < 0 ? null : TerminalState.fromCode(state, f.offsetOf(TERMINAL_STATE));
    return new Result(requestType, reference, outcome, reasonCode, reasonText, transactionId, amount, charges,
        discounts, receipt, balances, totals, terminalState);
  }
}
