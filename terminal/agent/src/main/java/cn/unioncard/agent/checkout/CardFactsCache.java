package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.store.CardFacts;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bank told about cards, by the PAN's keyed hash: member look-ups (within their time to live) and benefit
 * balances (the last known, for a sale or a BALANCE while the bank does not answer), in memory and kept in the store
 * so a restart keeps them.
 */
final class CardFactsCache {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** A balance the bank tells again unchanged within this time is not written again. */
  private static final Duration BALANCE_REWRITE = Duration.ofMinutes(1);
  /** Card facts (member look-ups, balances) older than this are forgotten by {@link #forgetOld()}. */
  static final Duration CARD_FACTS_KEPT = Duration.ofDays(31);

  /** A member look-up (or "not a member": category null) and when it was made. */
  private record CachedMember(String category, Instant at) {}

  /** The benefit balance the bank last told, and when. */
  record KnownBalance(long fen, Instant at) {}

  private final CheckoutConfig config;
  private final BankClient bank;
  private final TransactionStore store;
  private final OfflineLimitGuard guard;
  private final Clock clock;
  private final EventListener listener;
  private final Map<String, CachedMember> members = lru(100_000);
  private final Map<String, KnownBalance> balances = lru(100_000);

  CardFactsCache(CheckoutConfig config, BankClient bank, TransactionStore store, OfflineLimitGuard guard,
      Clock clock, EventListener listener) {
    this.config = config;
    this.bank = bank;
    this.store = store;
    this.guard = guard;
    this.clock = clock;
    this.listener = listener;
  }

  /** The member category of a card by its PAN hash: the cache within its time to live, else the bank. */
  String member(String cardRef) {
    Instant now = clock.instant();
    CachedMember m;
    synchronized (members) {
      m = members.get(cardRef);
    }
    if (m == null) {
      m = storedMember(cardRef);
    }
    if (m != null && m.at().plus(config.memberCacheTtl()).isAfter(now)) {
      return m.category();
    }
    Optional<Member> found;
    listener.bankCallStart("member");
    try {
      found = bank.lookupMember(cardRef);
    } catch (BankException e) {
      LOG.info("member look-up failed ({}): {}", e.kind(), m == null ? "paid as a non-member" : "too old to use");
      return null;
    } finally {
      listener.bankCallEnd("member");
    }
    String category = found.isPresent() && !found.get().validUntil().isBefore(today())
        ? found.get().category().name().toLowerCase(Locale.ROOT)
        : null;
    synchronized (members) {
      members.put(cardRef, new CachedMember(category, now));
    }
    try {
      store.cardFacts().rememberMember(cardRef, category, now);
    } catch (StoreException e) {
      LOG.warn("the member look-up is kept in memory only: {}", e.getMessage());
    }
    return category;
  }

  /** What the benefit account can pay: its balance at the bank, or offline the last known one within the limit. */
  long benefitAvailable(String cardRef) {
    long fen;
    listener.bankCallStart("benefit_balance");
    try {
      fen = bank.benefitBalance(cardRef).balanceFen();
    } catch (BankException e) {
      listener.bankCallEnd("benefit_balance");
      if (e.kind() == BankException.Kind.NOT_FOUND) {
        return 0;
      }
      KnownBalance k = knownBalance(cardRef);
      return k == null ? 0 : Math.min(k.fen(), guard.limits().maxOfflineBenefitFen());
    }
    listener.bankCallEnd("benefit_balance");
    rememberBalance(cardRef, fen);
    return fen;
  }

  /** The member look-up kept in the store (from before a restart), into the memory cache; null when none. */
  private CachedMember storedMember(String cardRef) {
    listener.storeReadStart();
    try {
      Optional<CardFacts> f = store.cardFacts().get(cardRef);
      if (!f.isPresent() || f.get().memberAt() == null) {
        return null;
      }
      CachedMember m = new CachedMember(f.get().memberCategory(), f.get().memberAt());
      synchronized (members) {
        members.putIfAbsent(cardRef, m);
      }
      return m;
    } catch (StoreException e) {
      LOG.warn("the kept member look-ups cannot be read: {}", e.getMessage());
      return null;
    } finally {
      listener.storeReadEnd();
    }
  }

  /** The last benefit balance the bank told for the card: in memory, else kept in the store; null when none. */
  KnownBalance knownBalance(String cardRef) {
    KnownBalance k = balances.get(cardRef);
    if (k != null) {
      return k;
    }
    listener.storeReadStart();
    try {
      Optional<CardFacts> f = store.cardFacts().get(cardRef);
      if (!f.isPresent() || f.get().benefitFen() == null) {
        return null;
      }
      k = new KnownBalance(f.get().benefitFen(), f.get().benefitAt());
      balances.putIfAbsent(cardRef, k);
      return k;
    } catch (StoreException e) {
      LOG.warn("the kept benefit balances cannot be read: {}", e.getMessage());
      return null;
    } finally {
      listener.storeReadEnd();
    }
  }

  /** Keeps the benefit balance the bank told, in memory and in the store (so a restart keeps it). */
  void rememberBalance(String cardRef, long fen) {
    Instant now = clock.instant();
    KnownBalance before = balances.put(cardRef, new KnownBalance(fen, now));
    if (before != null && before.fen() == fen && before.at().plus(BALANCE_REWRITE).isAfter(now)) {
      return; // the store has it already (a repeated balance within the minute costs no write)
    }
    try {
      store.cardFacts().rememberBenefitBalance(cardRef, fen, now); // a cache write, not a durable commit
    } catch (StoreException e) {
      LOG.warn("the benefit balance is kept in memory only: {}", e.getMessage());
    }
  }

  /** Forgets the kept facts older than the member cache's time to live or {@link #CARD_FACTS_KEPT}, the longer. */
  void forgetOld() throws StoreException {
    Duration keep = config.memberCacheTtl().compareTo(CARD_FACTS_KEPT) > 0
        ? config.memberCacheTtl() : CARD_FACTS_KEPT;
    store.cardFacts().forgetBefore(clock.instant().minus(keep));
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(config.zone()));
  }

  private static <K, V> Map<K, V> lru(final int capacity) {
    return Collections.synchronizedMap(new LinkedHashMap<K, V>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    });
  }
}
