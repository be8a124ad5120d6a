package cn.unioncard.agent.refdata;

import cn.unioncard.agent.checkout.DiscountRules;
import cn.unioncard.agent.checkout.RulesException;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.HotlistFile;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.gate.fare.FareTableException;
import cn.unioncard.bank.ReferenceData;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.protocol.DecodeException;

/** The kinds of reference data the terminal uses, each taken into its holder. */
public final class ReferenceTargets {
  private ReferenceTargets() {}

  /** {@code discount-rules} (a checkout): into the rules the checkout prices with. */
  public static ReferenceTarget discountRules(RulesInForce rules) {
    return new ReferenceTarget() {
      @Override
      public ReferenceKind kind() {
        return ReferenceKind.DISCOUNT_RULES;
      }

      @Override
      public String take(ReferenceData doc) throws Refused {
        try {
          if (!rules.offer(doc.content())) {
            DiscountRules now = rules.current();
            throw new Refused("its rules' own version is not above v" + (now == null ? "-" : now.version())
                + " in force", false);
          }
        } catch (RulesException e) {
          throw new Refused(e.getMessage(), false);
        }
        return rules.current().rules().size() + " rules";
      }
    };
  }

  /** {@code terminal-parameters} (every terminal): the offline risk limits. */
  public static ReferenceTarget terminalParameters(InForce<TerminalParameters> parameters) {
    return new ReferenceTarget() {
      @Override
      public ReferenceKind kind() {
        return ReferenceKind.TERMINAL_PARAMETERS;
      }

      @Override
      public String take(ReferenceData doc) throws Refused {
        try {
          parameters.set(TerminalParameters.parse(doc.content()), "signed v" + doc.version());
        } catch (ParametersException e) {
          throw new Refused(e.getMessage(), false);
        }
        return "offline limits";
      }
    };
  }

  /** {@code fare-table} (a gate). */
  public static ReferenceTarget fareTable(InForce<FareTable> fares) {
    return new ReferenceTarget() {
      @Override
      public ReferenceKind kind() {
        return ReferenceKind.FARE_TABLE;
      }

      @Override
      public String take(ReferenceData doc) throws Refused {
        try {
          FareTable t = FareTable.parse(doc.content());
          fares.set(t, "signed v" + doc.version());
          return "fare table " + t.version() + " of " + t.operator();
        } catch (FareTableException e) {
          throw new Refused(e.getMessage(), false);
        }
      }
    };
  }

  /**
   * {@code hotlist} (a gate), full or as a delta over the version in force. The document's own version must be the
   * signed one; a delta whose base is not the list in force is refused as needing the full document.
   */
  public static ReferenceTarget hotlist(InForce<Hotlist> hotlist) {
    return new ReferenceTarget() {
      @Override
      public ReferenceKind kind() {
        return ReferenceKind.HOTLIST;
      }

      @Override
      public boolean deltas() {
        return true;
      }

      @Override
      public String take(ReferenceData doc) throws Refused {
        HotlistFile file;
        try {
          file = HotlistFile.parse(doc.content());
        } catch (DecodeException | IllegalArgumentException e) {
          throw new Refused("hotlist v" + doc.version() + ": " + e.getMessage(), false);
        }
        if (file.version() != doc.version() || file.isDelta() != doc.delta()) {
          throw new Refused("hotlist v" + doc.version() + ": its content says version " + file.version()
              + (file.isDelta() ? " (a delta)" : " (a full list)") + ", not the signed one", false);
        }
        // a delta's own base is checked against the list in force below: one that does not apply asks for the full
        Hotlist now = hotlist.get();
        boolean signed = now != null && hotlist.source().startsWith("signed");
        Hotlist next;
        try {
          // a full signed list replaces an initial one from a file whatever its version
          next = (signed || file.isDelta() ? now == null ? Hotlist.empty() : now : Hotlist.empty()).apply(file);
        } catch (IllegalArgumentException e) {
          throw new Refused(e.getMessage(), file.isDelta());
        }
        hotlist.set(next, "signed v" + doc.version());
        return file.isDelta()
            ? "+" + file.addedCount() + " -" + file.removedCount() + " cards, " + next.size() + " in force"
            : next.size() + " cards";
      }
    };
  }
}
