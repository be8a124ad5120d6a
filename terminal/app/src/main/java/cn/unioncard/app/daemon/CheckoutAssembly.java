package cn.unioncard.app.daemon;

import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.payment.UnionPayKernel;
import cn.unioncard.agent.checkout.CardSource;
import cn.unioncard.agent.checkout.Checkout;
import cn.unioncard.agent.checkout.CheckoutConfig;
import cn.unioncard.agent.checkout.ReversalDriver;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.ports.ecr.PinPad;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one way to wire a checkout, used by the daemon ({@link Agent}) and by the checkout benchmark: over a store
 * and a bank client, the UnionPay payment kernel, the working keys of the sign-on in force, the discount rules and
 * the offline limits (the signed terminal parameters) of the reference data in force, and the driver of the
 * reversals the checkout leaves. Nothing is started here: the caller starts the reversal driver when it runs.
 */
public final class CheckoutAssembly {
  private final Checkout checkout;
  private final ReversalDriver reversals;

  private CheckoutAssembly(Builder b) {
    Supplier<SignOn> signOn = b.signOn;
    this.checkout = new Checkout(b.config, b.cards, new UnionPayKernel(TerminalData.defaults()), b.bank,
        () -> {
          SignOn s = signOn.get();
          return s == null ? null : s.keys();
        },
        b.store, b.rules, b.pinPad, b.clock, b.listener);
    InForce<TerminalParameters> parameters = b.parameters;
    checkout.offlineLimits(() -> parameters.get().checkout());
    this.reversals = new ReversalDriver(b.store, b.bank, checkout::inProgress, b.clock, ReversalDriver.BASE,
        ReversalDriver.MAX);
    checkout.onReversalPending(reversals::wake);
  }

  /** A checkout of {@code config} over {@code store} and {@code bank}; the builder takes the rest. */
  public static Builder of(CheckoutConfig config, TransactionStore store, BankClient bank, Clock clock) {
    return new Builder(config, store, bank, clock);
  }

  /** The checkout: the register's requests go to it. */
  public Checkout checkout() {
    return checkout;
  }

  /** The driver of the checkout's pending reversals (not started). */
  public ReversalDriver reversals() {
    return reversals;
  }

  /** The parts of a checkout; cards, sign-on, rules and parameters are required. */
  public static final class Builder {
    private final CheckoutConfig config;
    private final TransactionStore store;
    private final BankClient bank;
    private final Clock clock;
    private CardSource cards;
    private Supplier<SignOn> signOn;
    private RulesInForce rules;
    private InForce<TerminalParameters> parameters;
    private PinPad pinPad;
    private EventListener listener = EventListener.NONE;

    private Builder(CheckoutConfig config, TransactionStore store, BankClient bank, Clock clock) {
      this.config = Objects.requireNonNull(config, "config");
      this.store = Objects.requireNonNull(store, "store");
      this.bank = Objects.requireNonNull(bank, "bank");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the checkout waits for a card. */
    public Builder cards(CardSource cards) {
      this.cards = cards;
      return this;
    }

    /** The sign-on in force, read at each use (null before the first: then nothing can be paid). */
    public Builder signOn(Supplier<SignOn> signOn) {
      this.signOn = signOn;
      return this;
    }

    /** The discount rules in force. */
    public Builder rules(RulesInForce rules) {
      this.rules = rules;
      return this;
    }

    /** The terminal parameters in force: their checkout part is the offline limits, read once per sale. */
    public Builder parameters(InForce<TerminalParameters> parameters) {
      this.parameters = parameters;
      return this;
    }

    /** The PIN pad (none by default: then a sale above the no-PIN limit fails). */
    public Builder pinPad(PinPad pinPad) {
      this.pinPad = pinPad;
      return this;
    }

    /** Told of each request, sale step and wait (none by default, as in service). */
    public Builder listener(EventListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Wires the checkout and its reversal driver. */
    public CheckoutAssembly build() {
      Objects.requireNonNull(cards, "cards");
      Objects.requireNonNull(signOn, "signOn");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(parameters, "parameters");
      return new CheckoutAssembly(this);
    }
  }
}
