package cn.unioncard.agent.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One stored transaction, as the store holds it. Money is in fen. {@code amountFen} is what the member paid (after
 * discounts) and equals {@code benefitFen + debitFen + ecashFen + purseFen}; the discount's funding is in
 * {@code merchantFen} (merchant concession), {@code bankFen} (bank subsidy) and {@code unionFen} (the union's ride
 * subsidy). The card is known by {@code cardRef} (the PAN's keyed hash, or the transit card number) and the PAN
 * only encrypted ({@code panEncrypted}), never in clear.
 *
 * @param id the terminal's transaction id (terminal id and sequence), the bank's idempotency key
 * @param seq the monotonic sequence, surviving restarts
 * @param detail the flow's own details as JSON (discount lines, trip data, card data without the PAN), or null
 *
 * <p>Built by name with {@link #builder()}; the positional constructor is the record's own.
 */
public record TxRecord(
    String id,
    long seq,
    TxType type,
    TxState state,
    LocalDate businessDate,
    Instant createdAt,
    Instant updatedAt,
    String registerRef,
    String cardRef,
    byte[] panEncrypted,
    long amountFen,
    long benefitFen,
    long debitFen,
    long ecashFen,
    long purseFen,
    long merchantFen,
    long bankFen,
    long unionFen,
    String originalId,
    String authCode,
    String reason,
    String detail,
    UploadState uploadState,
    int uploadAttempts,
    String uploadReason) {

  /** A record built field by field: {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder().id(id).seq(seq).type(type).state(state).businessDate(businessDate).createdAt(createdAt)
        .updatedAt(updatedAt).registerRef(registerRef).card(cardRef, panEncrypted)
        .funding(amountFen, benefitFen, debitFen, ecashFen, purseFen).discountFunding(merchantFen, bankFen, unionFen)
        .originalId(originalId).authCode(authCode).reason(reason).detail(detail)
        .upload(uploadState, uploadAttempts, uploadReason);
  }

  /**
   * Builds a {@link TxRecord} by name instead of by position. Unset money is 0, unset text null, the upload state
   * {@link UploadState#NOT_DUE} with no attempt.
   */
  public static final class Builder {
    private String id;
    private long seq;
    private TxType type;
    private TxState state;
    private LocalDate businessDate;
    private Instant createdAt;
    private Instant updatedAt;
    private String registerRef;
    private String cardRef;
    private byte[] panEncrypted;
    private long amountFen;
    private long benefitFen;
    private long debitFen;
    private long ecashFen;
    private long purseFen;
    private long merchantFen;
    private long bankFen;
    private long unionFen;
    private String originalId;
    private String authCode;
    private String reason;
    private String detail;
    private UploadState uploadState = UploadState.NOT_DUE;
    private int uploadAttempts;
    private String uploadReason;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder seq(long seq) {
      this.seq = seq;
      return this;
    }

    public Builder type(TxType type) {
      this.type = type;
      return this;
    }

    public Builder state(TxState state) {
      this.state = state;
      return this;
    }

    public Builder businessDate(LocalDate businessDate) {
      this.businessDate = businessDate;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder registerRef(String registerRef) {
      this.registerRef = registerRef;
      return this;
    }

    /** The card: its reference (the PAN's keyed hash, or the transit card number) and the encrypted PAN. */
    public Builder card(String cardRef, byte[] panEncrypted) {
      this.cardRef = cardRef;
      this.panEncrypted = panEncrypted;
      return this;
    }

    /** What the member paid ({@code amountFen}) and from which account. */
    public Builder funding(long amountFen, long benefitFen, long debitFen, long ecashFen, long purseFen) {
      this.amountFen = amountFen;
      this.benefitFen = benefitFen;
      this.debitFen = debitFen;
      this.ecashFen = ecashFen;
      this.purseFen = purseFen;
      return this;
    }

    /** Who funds the discount: merchant concession, bank subsidy, the union's ride subsidy. */
    public Builder discountFunding(long merchantFen, long bankFen, long unionFen) {
      this.merchantFen = merchantFen;
      this.bankFen = bankFen;
      this.unionFen = unionFen;
      return this;
    }

    public Builder originalId(String originalId) {
      this.originalId = originalId;
      return this;
    }

    public Builder authCode(String authCode) {
      this.authCode = authCode;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /** Where the record is in its upload: its state, the attempts made and the bank's last reason. */
    public Builder upload(UploadState uploadState, int uploadAttempts, String uploadReason) {
      this.uploadState = uploadState;
      this.uploadAttempts = uploadAttempts;
      this.uploadReason = uploadReason;
      return this;
    }

    public TxRecord build() {
      return new TxRecord(id, seq, type, state, businessDate, createdAt, updatedAt, registerRef, cardRef,
          panEncrypted, amountFen, benefitFen, debitFen, ecashFen, purseFen, merchantFen, bankFen, unionFen,
          originalId, authCode, reason, detail, uploadState, uploadAttempts, uploadReason);
    }
  }

  @Override
  public String toString() {
    // panEncrypted stays out of logs even encrypted
    return "TxRecord[" + id + " " + type + " " + state + " " + amountFen + " fen, upload " + uploadState + "]";
  }
}
