package cn.unioncard.sim.bank;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank: every call of docs/bank-api.md over the {@link Ledger}, with no HTTP in it, so the HTTPS server, the
 * tests and the fuzz test drive the same code. {@link #handle} takes one request (method, path, headers, body)
 * and returns the answer's status and body: {@link Authentication} first, then the {@link RouteTable} to one
 * handler per resource, the money-moving ones behind {@link Idempotency}; an {@link ApiException} becomes its
 * error answer, any other failure a {@code 500}. {@link ResponseSigner} makes the response headers.
 */
final class BankService {
  private static final Logger LOG = LoggerFactory.getLogger(BankService.class);

  private final Ledger ledger;
  private final Clock clock;
  private final CardData cardData;
  private final Authentication authentication;
  private final Idempotency idempotency;
  private final ReferencePublisher references;
  private final ResponseSigner signer;
  private final RouteTable routes;

  BankService(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
    this.cardData = new CardData(TestKeys.panHashKey());
    this.authentication = new Authentication(ledger, clock);
    this.idempotency = new Idempotency(ledger, clock);
    this.references = new ReferencePublisher(ledger, clock);
    this.signer = new ResponseSigner(clock);
    this.routes = routes(ledger, clock, cardData, idempotency);
  }

  /** The bank API's route table (docs/bank-api.md, Calls). */
  static RouteTable routes(Ledger ledger, Clock clock, CardData cardData, Idempotency idempotency) {
    Issuer issuer = new Issuer(TestKeys.imkAc());
    return new RouteTable()
        .add("POST", "/v1/sign-on", new SignOnHandler(ledger, clock, cardData))
        .add("POST", "/v1/members/lookup", new MemberLookupHandler(ledger))
        .add("POST", "/v1/benefit/balance", new BalanceHandler(ledger, clock))
        .add("POST", "/v1/authorisations", idempotency.around(new AuthorisationHandler(clock, cardData, issuer)))
        .add("POST", "/v1/reversals", idempotency.around(new ReversalHandler(clock)))
        .add("POST", "/v1/records/batches",
            new BatchHandler(ledger, clock, new RecordSettlement(clock, cardData)))
        .add("POST", "/v1/business-days/([0-9]{4}-[0-9]{2}-[0-9]{2})/close",
            idempotency.around(new DayCloseHandler(clock)))
        .add("GET", "/v1/transactions/([^/]{1,64})", new TransactionStatusHandler(ledger))
        .add("GET", "/v1/reference/([a-z-]{1,32})", new ReferenceHandler(ledger));
  }

  Ledger ledger() {
    return ledger;
  }

  Clock clock() {
    return clock;
  }

  CardData cardData() {
    return cardData;
  }

  Idempotency idempotency() {
    return idempotency;
  }

  ReferencePublisher references() {
    return references;
  }

  ResponseSigner signer() {
    return signer;
  }

  /** Handles one request: authenticates it, then processes it {@code deliveries} times (the duplicate fault). */
  ApiAnswer handle(ApiRequest r, int deliveries) {
    try {
      Terminal t = authentication.check(r);
      ApiAnswer a = null;
      for (int i = 0; i < deliveries; i++) {
        a = routes.dispatch(r, t);
      }
      return a;
    } catch (ApiException e) {
      return ApiAnswer.error(e.status(), e.code(), e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.error("bank simulator failure on {} {}", r.method(), r.path(), e);
      return ApiAnswer.error(500, "unavailable", "the bank failed: " + e.getClass().getSimpleName(), null);
    }
  }

  ApiAnswer handle(ApiRequest r) {
    return handle(r, 1);
  }

  /** Processes a request for an already authenticated terminal (the fuzz test's entry: parsing, not signatures). */
  ApiAnswer handleAuthenticated(ApiRequest r, Terminal t) {
    try {
      return routes.dispatch(r, t);
    } catch (ApiException e) {
      return ApiAnswer.error(e.status(), e.code(), e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.error("bank simulator failure on {} {}", r.method(), r.path(), e);
      return ApiAnswer.error(500, "unavailable", "the bank failed: " + e.getClass().getSimpleName(), null);
    }
  }

  /** The registered terminal with this id, or null. */
  Terminal terminal(String id) {
    return authentication.terminal(id);
  }
}
