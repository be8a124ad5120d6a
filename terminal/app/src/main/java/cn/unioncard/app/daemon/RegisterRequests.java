package cn.unioncard.app.daemon;

import cn.unioncard.agent.checkout.Checkout;
import cn.unioncard.agent.ecr.EcrHandler;
import cn.unioncard.agent.settle.DayClose;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.DayTotal;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The register's requests at a checkout: SETTLE closes the business day (every record uploaded first, then the
 * day's totals reconciled with the bank); everything else is the checkout's.
 */
final class RegisterRequests implements EcrHandler {
  private final Checkout checkout;
  private final SettlementWorker settlement;
  private final Clock clock;
  private final ZoneId zone;

  RegisterRequests(Checkout checkout, SettlementWorker settlement, Clock clock, ZoneId zone) {
    this.checkout = checkout;
    this.settlement = settlement;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public Result handle(EcrRequest request, Context context) throws Exception {
    if (request.type() != MessageType.SETTLE) {
      return checkout.handle(request, context);
    }
    context.progress(Stage.ASKING_BANK, "日结 closing the day");
    SettlementWorker.Round round = settlement.drain();
    LocalDate day = LocalDate.now(clock.withZone(zone));
    if (round.outcome() != SettlementWorker.Round.Outcome.DRAINED) {
      return Result.of(MessageType.SETTLE, request.reference(), Outcome.FAILED, "UPLOAD",
          "records not uploaded yet (" + (round.failure() == null ? round.outcome() : round.failure())
              + "): the day stays open, try again");
    }
    DayClose.Report report = settlement.dayClose().close(day);
    List<DayTotal> totals = new ArrayList<>();
    for (CategoryTotal t : report.totals()) {
      Account account = account(t);
      if (account != null && t.count() > 0) {
        totals.add(new DayTotal(MessageType.SALE, account, t.count(), t.amountFen()));
      }
    }
    switch (report.result()) {
      case CLOSED:
      case ALREADY_CLOSED:
        return Result.of(MessageType.SETTLE, request.reference(), Outcome.APPROVED, "00",
            "day " + day + " closed and reconciled: matched").withTotals(totals);
      case DIFFERENCES:
        return Result.of(MessageType.SETTLE, request.reference(), Outcome.DECLINED, "DIFF",
            "day " + day + " differs from the bank in " + report.differences().size()
                + " place(s): it stays open for investigation").withTotals(totals);
      case NOT_READY:
        return Result.of(MessageType.SETTLE, request.reference(), Outcome.FAILED, "NOTREADY",
            report.waitingFor().size() + " record(s) of " + day + " not settled yet: the day stays open");
      default:
        return Result.of(MessageType.SETTLE, request.reference(), Outcome.FAILED, "BANK",
            "the day could not be closed (" + report.failure() + "): it stays open, try again");
    }
  }

  private static Account account(CategoryTotal t) {
    switch (t.category()) {
      case DEBIT:
        return Account.DEBIT;
      case BENEFIT:
        return Account.BENEFIT;
      case ECASH:
        return Account.ELECTRONIC_CASH;
      default:
        return null;
    }
  }
}
