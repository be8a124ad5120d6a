package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.bank.model.ReversalResult;
import java.sql.SQLException;
import java.time.Clock;

/**
 * {@code POST /v1/reversals}: releases what an authorisation holds, or gives back what its settlement took;
 * {@code not_found} for one the bank never approved, {@code already_reversed} for one undone before.
 */
final class ReversalHandler implements MoneyHandler<ReversalRequest> {
  private final Clock clock;

  ReversalHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ReversalRequest parse(Call call) throws ApiException {
    ReversalRequest v = call.request().json(ReversalRequest.class, "reversal");
    Idempotency.requireKey(call.request(), v.transactionId());
    return v;
  }

  @Override
  public ApiAnswer apply(LedgerTables db, Call call, ReversalRequest v) throws SQLException {
    Ledger.Authorisation a = db.authorisations().find(call.terminal().id(), v.originalTransactionId());
    if (a == null || a.status().equals("declined")) {
      return ApiAnswer.ok(new ReversalResponse(ReversalResult.NOT_FOUND));
    }
    if (a.status().equals("reversed")) {
      return ApiAnswer.ok(new ReversalResponse(ReversalResult.ALREADY_REVERSED));
    }
    if (a.status().equals("authorised")) {
      db.accounts().hold(a.panHash(), "benefit", -a.benefitFen());
      db.accounts().hold(a.panHash(), "debit", -a.debitFen());
    } else { // settled: give the money back
      db.accounts().move(a.panHash(), "benefit", a.benefitFen());
      db.accounts().move(a.panHash(), "debit", a.debitFen());
    }
    db.authorisations().setStatus(a.transactionId(), "reversed", clock.instant().toString());
    return ApiAnswer.ok(new ReversalResponse(ReversalResult.REVERSED));
  }
}
