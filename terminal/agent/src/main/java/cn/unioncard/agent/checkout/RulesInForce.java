package cn.unioncard.agent.checkout;

import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.ReferenceData;
import cn.unioncard.bank.model.ReferenceKind;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discount rules the checkout prices with: the last good set. A document whose signature fails (the bank
 * client refuses it) or whose content is wrong ({@link RulesException}) is refused and the set in force stays.
 * Thread-safe: a checkout reads the set once per sale.
 */
public final class RulesInForce {
  private static final Logger LOG = LoggerFactory.getLogger(RulesInForce.class);

  private volatile DiscountRules current;

  /** Starts with {@code initial} (null: no rules until the first good document, so no discounts). */
  public RulesInForce(DiscountRules initial) {
    this.current = initial;
  }

  /** The rules in force, or null when there are none yet. */
  public DiscountRules current() {
    return current;
  }

  /**
   * Takes a verified document's content when it reads and is newer than the set in force.
   *
   * @return whether it was taken
   * @throws RulesException the content is wrong (the set in force stays)
   */
  public boolean offer(byte[] content) throws RulesException {
    DiscountRules next = DiscountRules.parse(content);
    synchronized (this) {
      if (current != null && next.version() <= current.version()) {
        return false;
      }
      current = next;
    }
    LOG.info("discount rules v{} in force ({} rules)", next.version(), next.rules().size());
    return true;
  }

  /**
   * Asks the bank for newer rules and takes them if good. Never throws: a failed call, a bad signature or bad
   * content is logged and the set in force stays.
   *
   * @return the version in force afterwards, or -1 when there is none
   */
  public long refresh(BankClient bank) {
    DiscountRules now = current;
    try {
      ReferenceData doc = bank.referenceData(ReferenceKind.DISCOUNT_RULES, now == null ? null : now.version());
      offer(doc.content());
    } catch (BankException e) {
      LOG.warn("discount rules not refreshed, v{} stays: {}", now == null ? "-" : now.version(), e.getMessage());
    } catch (RulesException e) {
      LOG.warn("discount rules refused, v{} stays: {}", now == null ? "-" : now.version(), e.getMessage());
    }
    DiscountRules after = current;
    return after == null ? -1 : after.version();
  }

  /** For tests and the demo: rules from JSON text. */
  public static RulesInForce of(String json) throws RulesException {
    return new RulesInForce(DiscountRules.parse(json.getBytes(StandardCharsets.UTF_8)));
  }
}
