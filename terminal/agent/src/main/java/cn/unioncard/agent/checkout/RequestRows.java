package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows the register's requests write: begun (and counted against the offline limits), in progress until their
 * request ends (recovery and the {@link ReversalDriver} leave them alone meanwhile), moved, and closed with their
 * answer stored.
 */
final class RequestRows {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** The rows one request began. */
  static final class Request {
    private final List<String> rows = new ArrayList<>(2);
  }

  private final TransactionStore store;
  private final OfflineLimitGuard guard;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

  RequestRows(TransactionStore store, OfflineLimitGuard guard) {
    this.store = store;
    this.guard = guard;
  }

  /** Whether {@code id} is a row of a request running now. */
  boolean inProgress(String id) {
    return inProgress.contains(id);
  }

  /** The request has its answer: its rows are no longer in progress. */
  void done(Request request) {
    inProgress.removeAll(request.rows);
  }

  TxRecord begin(Request request, NewTx tx) throws StoreException {
    TxRecord r = store.begin(tx);
    request.rows.add(r.id());
    inProgress.add(r.id());
    guard.added(r);
    return r;
  }

  TxRecord move(String id, TxState from, TxState to, TxChange change) throws StoreException {
    return store.move(id, from, to, change);
  }

  /** Moves the row to its final state with the result stored, and returns the result (its id added). */
  Result close(TxRecord rec, TxState from, TxState to, String reason, Result result, SaleDetail detail) {
    Result r = result.withCharges(rec.id(), 0, Collections.<Charge>emptyList());
    SaleDetail d = StoredResults.withResult(detail, r);
    try {
      move(rec.id(), from, to, TxChange.none().reason(reason).detail(d.encode()));
    } catch (StoreException e) {
      LOG.warn("{} stays {} (recovery finishes it): {}", rec.id(), from, e.getMessage());
    }
    return r;
  }

  void cancelQuietly(TxRecord rec, TxState from, String reason) {
    try {
      store.move(rec.id(), from, TxState.CANCELLED, TxChange.none().reason(reason));
    } catch (StoreException e) {
      LOG.warn("{} stays {} (recovery finishes it): {}", rec.id(), from, e.getMessage());
    }
  }
}
