package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.CardIdentity;
import cn.unioncard.agent.ecr.EcrHandler.Context;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.emv.Pan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What one SALE knows so far, filled in by its steps in order ({@link SaleSteps}). Lives for one request. */
final class SaleInProgress {
  static final MessageType TYPE = MessageType.SALE;

  final Sale request;
  final String ref;
  final Context ctx;
  final RequestRows.Request rows;
  final List<BasketItem> basket = new ArrayList<>();
  /** What the register did not itemise. */
  long rest;
  WorkingKeys keys;

  // IDENTIFY
  ApduTransport card;
  boolean contactless;
  CardIdentity id;
  /** The card's decision: the first pass at the list price (a card that hid its PAN), then at the price. */
  CardDecision decision;
  Pan pan;
  PanProtection protection;
  String cardRef;

  // MEMBER, PRICE
  String category;
  Instant now;
  LocalDate today;
  DiscountRules.Priced priced;
  long paid;
  long benefit;
  long debit;
  boolean offlineAllowed;

  // CARD_DECISION and after: the row
  TxRecord rec;
  TxState begun;
  byte[] panEncrypted;
  TxChange cardChange;

  // VERIFY_CARDHOLDER, AUTHORISE
  String pinBlock;
  AuthorisationResponse authorisation;

  SaleInProgress(Sale request, Context ctx, RequestRows.Request rows) {
    this.request = request;
    this.ref = request.reference();
    this.ctx = ctx;
    this.rows = rows;
  }
}
