package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.MemberLookupResponse;
import cn.unioncard.bank.model.PanHashRequest;

/** {@code POST /v1/members/lookup}: the member a card belongs to, or none. */
final class MemberLookupHandler implements ApiHandler {
  private final Ledger ledger;

  MemberLookupHandler(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public ApiAnswer handle(Call call) throws ApiException {
    PanHashRequest req = call.request().json(PanHashRequest.class, "member look-up");
    return ApiAnswer.ok(new MemberLookupResponse(ledger.query(db -> db.cards().memberOf(req.panHash()))));
  }
}
