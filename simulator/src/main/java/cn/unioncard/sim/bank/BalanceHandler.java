package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BalanceResponse;
import cn.unioncard.bank.model.PanHashRequest;
import java.time.Clock;

/** {@code POST /v1/benefit/balance}: what the card's benefit account can still spend; {@code 404} without one. */
final class BalanceHandler implements ApiHandler {
  private final Ledger ledger;
  private final Clock clock;

  BalanceHandler(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    PanHashRequest req = call.request().json(PanHashRequest.class, "benefit balance");
    Ledger.Account a = ledger.account(req.panHash(), "benefit");
    if (a == null) {
      throw ApiException.notFound("no benefit account for this card");
    }
    return ApiAnswer.ok(new BalanceResponse(Math.max(0, a.availableFen()), clock.instant()));
  }
}
