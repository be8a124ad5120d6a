package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.ecr.EcrHandler.Context;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.Money;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.AccountBalance;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The register's BALANCE: the card's benefit balance at the bank (or the last known one) and its e-cash. */
final class BalanceQueries {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final Supplier<WorkingKeys> keys;
  private final PaymentKernel kernel;
  private final BankClient bank;
  private final CardWaits cardWaits;
  private final PanProtections pans;
  private final CardFactsCache cardFacts;
  private final Recovery recovery;
  private final EventListener listener;

  BalanceQueries(Supplier<WorkingKeys> keys, PaymentKernel kernel, BankClient bank, CardWaits cardWaits,
      PanProtections pans, CardFactsCache cardFacts, Recovery recovery, EventListener listener) {
    this.keys = keys;
    this.kernel = kernel;
    this.bank = bank;
    this.cardWaits = cardWaits;
    this.pans = pans;
    this.cardFacts = cardFacts;
    this.recovery = recovery;
    this.listener = listener;
  }

  Result balance(BalanceQuery q, Context ctx) throws InterruptedException {
    MessageType type = MessageType.BALANCE;
    String ref = q.reference();
    WorkingKeys k = keys.get();
    if (k == null) {
      return Answers.notSignedOn(type, ref);
    }
    CardWaits.Presented tap = cardWaits.await(type, ref, ctx, "请出示会员卡 present the card", "");
    if (tap.failure() != null) {
      return tap.failure();
    }
    CardDecision d;
    try {
      // a purchase of nothing: the card shows its PAN and its e-cash balance, and its cryptogram is never used
      d = kernel.begin(tap.card(), new Purchase(0, true, tap.contactless()));
    } catch (CardIoException e) {
      return Answers.cardRemoved(type, ref);
    } catch (TransportException e) {
      return Answers.answer(type, ref, Outcome.FAILED, Answers.READER, "the card reader failed");
    }
    if (d.kind() == CardDecision.Kind.REFUSED || d.pan() == null) {
      return Answers.answer(type, ref, Outcome.DECLINED, Answers.NOT_ACCEPTED, "card not accepted");
    }
    String cardRef = pans.of(k).panHash(d.pan());
    final CardDecision zero = d;
    try {
      // an offline sale of this card whose outcome is not known: the card tells it now (its ATC before this
      // purchase of nothing, and its balance before it)
      recovery.finishUnfinished(cardRef, () -> new OfflineIntent.CardNow(OfflineIntent.atcBefore(zero.iccData()),
          zero.ecBalanceFen()), false);
    } catch (TransportException e) {
      LOG.debug("BALANCE {}: {}", ref, e.toString());
    }
    List<AccountBalance> list = new ArrayList<>();
    List<String> receipt = new ArrayList<>();
    receipt.add("余额查询 BALANCE " + d.pan().masked());
    String text = "批准 approved";
    ctx.progress(Stage.ASKING_BANK, null);
    Long fen = null;
    BankException failed = null;
    listener.bankCallStart("benefit_balance");
    try {
      fen = bank.benefitBalance(cardRef).balanceFen();
    } catch (BankException e) {
      failed = e;
    } finally {
      listener.bankCallEnd("benefit_balance");
    }
    if (fen != null) {
      cardFacts.rememberBalance(cardRef, fen);
      list.add(new AccountBalance(Account.BENEFIT, fen));
      receipt.add("工会福利账户 benefit " + Money.yuan(fen));
    } else if (failed.kind() != BankException.Kind.NOT_FOUND) {
      CardFactsCache.KnownBalance known = cardFacts.knownBalance(cardRef);
      if (known != null) {
        list.add(new AccountBalance(Account.BENEFIT, known.fen()));
        receipt.add("工会福利账户 benefit " + Money.yuan(known.fen()) + " (as of " + known.at() + ")");
      }
      text = "the bank did not answer: the benefit balance is the last known one, if any";
    }
    if (d.ecBalanceFen() != null) {
      list.add(new AccountBalance(Account.ELECTRONIC_CASH, d.ecBalanceFen()));
      receipt.add("电子现金 e-cash " + Money.yuan(d.ecBalanceFen()));
    }
    return Result.of(type, ref, Outcome.APPROVED, Answers.OK, text).withBalances(list).withReceipt(receipt);
  }
}
