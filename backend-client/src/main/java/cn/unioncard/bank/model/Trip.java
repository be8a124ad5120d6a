package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The transit part of a {@code trip} record: where, entry or exit, and the card's and PSAM's counters and the
 * TAC that prove the purse debit (serials and TAC upper-case hex).
 */
public record Trip(
    @JsonProperty(required = true) String operator,
    @JsonProperty(required = true) String line,
    @JsonProperty(required = true) String station,
    @JsonProperty(required = true) boolean entry,
    @JsonProperty(required = true) String cardSerial,
    Long cardCounter,
    @JsonProperty(required = true) String psamSerial,
    Long psamCounter,
    @JsonProperty(required = true) String tac) {
  public Trip {
    Checks.text(operator, "operator");
    Checks.text(line, "line");
    Checks.text(station, "station");
    Checks.hex(cardSerial, "card_serial", -1);
    if (cardCounter != null) {
      Checks.nonNegative(cardCounter, "card_counter");
    }
    Checks.hex(psamSerial, "psam_serial", -1);
    if (psamCounter != null) {
      Checks.nonNegative(psamCounter, "psam_counter");
    }
    Checks.hex(tac, "tac", 4);
  }
}
