package cn.unioncard.tools;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.protocol.Money;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** Shows a {@link CardRead} to a person, or as one JSON object. */
final class CardReadPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CardReadPrinter() {}

  static void human(PrintWriter out, String title, CardRead r) {
    out.println(title);
    if (r.applications().isEmpty()) {
      out.println("  applications     none found");
    }
    for (CardRead.Application a : r.applications()) {
      out.printf("  application      %-32s %-12s%s%n", a.aid(), a.label() == null ? "" : a.label(),
          a.priority() == null ? "" : " priority " + a.priority());
    }
    out.println("  selected         " + orNone(r.selectedAid(), "no supported payment application"));
    if (r.selectedAid() != null) {
      out.println("  card number      " + orNone(r.panMasked(), "not read"));
      out.println("  expiry           " + orNone(r.expiry(), "not read"));
      out.println("  cardholder       " + orNone(r.cardholderName(), "not on the card"));
      out.println("  e-cash balance   " + (r.ecBalanceFen() == null ? "none" : Money.yuan(r.ecBalanceFen()) + " CNY"));
    }
    CardRead.Transit t = r.transit();
    if (t == null) {
      out.println("  transit          none");
    } else {
      out.println("  transit          " + t.aid() + "  card " + orNone(t.cardNumber(), "?")
          + "  valid " + orNone(t.validFrom(), "?") + " to " + orNone(t.validTo(), "?"));
      out.println("  transit balance  " + (t.balanceFen() == null ? "not read" : Money.yuan(t.balanceFen()) + " CNY"));
      for (CardRead.PurseRecord p : t.purseRecords()) {
        out.printf("    purse record   #%d %s %s CNY at terminal %s, %s%n", p.serial(), p.type(), Money.yuan(p.amountFen()),
            p.terminal(), p.time() == null ? "time unknown" : p.time());
      }
      for (CardRead.Trip trip : t.trips()) {
        out.printf("    trip           %s %s %s CNY, balance %s CNY, terminal %s, %s%n", trip.type(), trip.industry(),
            Money.yuan(trip.amountFen()), Money.yuan(trip.balanceFen()), trip.terminal(),
            trip.time() == null ? "time unknown" : trip.time());
      }
    }
    for (CardRead.Problem p : r.problems()) {
      out.println("  not read         " + p.field() + ": " + p.why());
    }
    out.println("  exchanges        " + r.apduCount() + " APDUs");
  }

  static String json(CardRead r) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode apps = o.putArray("applications");
    for (CardRead.Application a : r.applications()) {
      ObjectNode n = apps.addObject();
      n.put("aid", a.aid());
      n.put("label", a.label());
      if (a.priority() == null) {
        n.putNull("priority");
      } else {
        n.put("priority", a.priority());
      }
    }
    o.put("selected_aid", r.selectedAid());
    o.put("pan_masked", r.panMasked());
    o.put("expiry", str(r.expiry()));
    o.put("cardholder_name", r.cardholderName());
    if (r.ecBalanceFen() == null) {
      o.putNull("ec_balance_fen");
    } else {
      o.put("ec_balance_fen", r.ecBalanceFen());
    }
    CardRead.Transit t = r.transit();
    if (t == null) {
      o.putNull("transit");
    } else {
      ObjectNode tn = o.putObject("transit");
      tn.put("aid", t.aid());
      tn.put("card_number", t.cardNumber());
      tn.put("valid_from", str(t.validFrom()));
      tn.put("valid_to", str(t.validTo()));
      if (t.balanceFen() == null) {
        tn.putNull("balance_fen");
      } else {
        tn.put("balance_fen", t.balanceFen());
      }
      ArrayNode purse = tn.putArray("purse_records");
      for (CardRead.PurseRecord p : t.purseRecords()) {
        ObjectNode n = purse.addObject();
        n.put("serial", p.serial());
        n.put("type", p.type());
        n.put("amount_fen", p.amountFen());
        n.put("terminal", p.terminal());
        n.put("time", str(p.time()));
      }
      ArrayNode trips = tn.putArray("trips");
      for (CardRead.Trip trip : t.trips()) {
        ObjectNode n = trips.addObject();
        n.put("type", trip.type());
        n.put("industry", trip.industry());
        n.put("terminal", trip.terminal());
        n.put("amount_fen", trip.amountFen());
        n.put("balance_fen", trip.balanceFen());
        n.put("time", str(trip.time()));
      }
    }
    ArrayNode problems = o.putArray("problems");
    for (CardRead.Problem p : r.problems()) {
      problems.addObject().put("field", p.field()).put("why", p.why());
    }
    o.put("apdu_count", r.apduCount());
    return o.toString();
  }

  private static String str(Object v) {
    return v == null ? null : v.toString();
  }

  private static String orNone(Object v, String none) {
    return v == null ? none : v.toString();
  }
}
