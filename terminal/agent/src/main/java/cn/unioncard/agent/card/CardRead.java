package cn.unioncard.agent.card;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a card read found: the applications the card lists, the selected payment application's data, the
 * electronic-cash balance, the transit application, and every optional field that could not be read, with why.
 * The full PAN is not kept: only its masked form.
 */
public final class CardRead {
  /** An application listed in the card's directory (or found by selecting a known AID). */
  public record Application(String aid, String label, Integer priority) {}

  /** A purse transaction record (file 0018). */
  public record PurseRecord(int serial, long amountFen, String type, String terminal, LocalDateTime time) {}

  /** A trip record (file 001E). */
  public record Trip(String type, String industry, String terminal, long amountFen, long balanceFen, LocalDateTime time) {}

  /** The transit application. */
  public record Transit(
      String aid,
      String cardNumber,
      LocalDate validFrom,
      LocalDate validTo,
      Long balanceFen,
      List<PurseRecord> purseRecords,
      List<Trip> trips) {}

  /** A field that could not be read: which, and why. The rest of the read goes on. */
  public record Problem(String field, String why) {}

  private final List<Application> applications;
  private final String selectedAid;
  private final String panMasked;
  private final LocalDate expiry;
  private final String cardholderName;
  private final Long ecBalanceFen;
  private final Transit transit;
  private final List<Problem> problems;
  private final int apduCount;

  CardRead(Builder b) {
    this.applications = Collections.unmodifiableList(new ArrayList<>(b.applications));
    this.selectedAid = b.selectedAid;
    this.panMasked = b.panMasked;
    this.expiry = b.expiry;
    this.cardholderName = b.cardholderName;
    this.ecBalanceFen = b.ecBalanceFen;
    this.transit = b.transit;
    this.problems = Collections.unmodifiableList(new ArrayList<>(b.problems));
    this.apduCount = b.apduCount;
  }

  public List<Application> applications() {
    return applications;
  }

  /** The payment application selected, or null when the card has none the terminal supports. */
  public String selectedAid() {
    return selectedAid;
  }

  /** The PAN with all but its first six and last four digits replaced by {@code *}, or null. */
  public String panMasked() {
    return panMasked;
  }

  public LocalDate expiry() {
    return expiry;
  }

  public String cardholderName() {
    return cardholderName;
  }

  /** The electronic-cash balance in fen, or null when the card has none. */
  public Long ecBalanceFen() {
    return ecBalanceFen;
  }

  /** The transit application, or null when the card has none. */
  public Transit transit() {
    return transit;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Exchanges with the card, GET RESPONSE rounds included. */
  public int apduCount() {
    return apduCount;
  }

  static final class Builder {
    final List<Application> applications = new ArrayList<>();
    String selectedAid;
    String panMasked;
    LocalDate expiry;
    String cardholderName;
    Long ecBalanceFen;
    Transit transit;
    final List<Problem> problems = new ArrayList<>();
    int apduCount;

    void problem(String field, String why) {
      problems.add(new Problem(field, why));
    }

    CardRead build() {
      return new CardRead(this);
    }
  }
}
