package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.TransactionState;
import cn.unioncard.bank.model.TransactionStatus;
import java.util.Locale;

/** {@code GET /v1/transactions/{id}}: settled when a record has it, else its authorisation's state; else 404. */
final class TransactionStatusHandler implements ApiHandler {
  private final Ledger ledger;

  TransactionStatusHandler(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    String id = call.param(1);
    String terminalId = call.terminal().id();
    TransactionState s = ledger.query(db -> {
      if (db.records().exists(terminalId, id)) {
        return TransactionState.SETTLED;
      }
      Ledger.Authorisation a = db.authorisations().find(terminalId, id);
      if (a == null) {
        return null;
      }
      return TransactionState.valueOf(a.status().toUpperCase(Locale.ROOT));
    });
    if (s == null) {
      throw ApiException.notFound("the bank has no transaction " + id);
    }
    return ApiAnswer.ok(new TransactionStatus(id, s));
  }
}
