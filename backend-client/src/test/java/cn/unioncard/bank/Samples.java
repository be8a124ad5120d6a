package cn.unioncard.bank;

import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.BalanceResponse;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.DayCloseResponse;
import cn.unioncard.bank.model.ErrorBody;
import cn.unioncard.bank.model.MemberLookupResponse;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.bank.model.TransactionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A valid body of every answer of docs/bank-api.md, for parsing, property and fuzz tests. */
public final class Samples {
  private Samples() {}

  public static final String PAN_HASH = "AB".repeat(32);

  /** One sample: the answer type and a valid body. */
  public record Sample(Class<?> type, String json) {
    @Override
    public String toString() {
      return type.getSimpleName();
    }
  }

  public static final String SIGN_ON =
      "{\"business_date\":\"2026-11-23\",\"server_time\":\"2026-11-23T11:40:00.123Z\",\"key_version\":7,"
          + "\"algorithm\":\"SM4\","
          + "\"pin_key\":{\"encrypted\":\"00112233445566778899AABBCCDDEEFF\",\"kcv\":\"ABCDEF\"},"
          + "\"mac_key\":{\"encrypted\":\"00112233445566778899AABBCCDDEEFF\",\"kcv\":\"ABCDEF\"},"
          + "\"data_key\":{\"encrypted\":\"00112233445566778899AABBCCDDEEFF\",\"kcv\":\"ABCDEF\"},"
          + "\"pan_hash_key\":{\"encrypted\":\"00112233445566778899AABBCCDDEEFF\",\"kcv\":\"ABCDEF\"}}";
  public static final String MEMBER =
      "{\"member\":{\"member_id\":\"M3201000012345\",\"union\":\"江苏省总工会\",\"category\":\"model_worker\","
          + "\"valid_until\":\"2027-12-31\"}}";
  public static final String NO_MEMBER = "{\"member\":null}";
  public static final String BALANCE = "{\"balance_fen\":12000,\"as_of\":\"2026-11-23T11:40:00.123Z\"}";
  public static final String APPROVED =
      "{\"transaction_id\":\"T0000001-000000000042\",\"result\":\"approved\",\"auth_code\":\"A12345\","
          + "\"arc\":\"3030\",\"arpc\":\"0011223344556677\",\"benefit_fen\":20000,\"debit_fen\":14500,"
          + "\"benefit_balance_fen\":0}";
  public static final String DECLINED =
      "{\"transaction_id\":\"T0000001-000000000042\",\"result\":\"declined\",\"reason\":\"insufficient_funds\","
          + "\"arc\":\"3531\",\"arpc\":\"0011223344556677\"}";
  public static final String REVERSED = "{\"result\":\"reversed\"}";
  public static final String BATCH =
      "{\"results\":[{\"transaction_id\":\"T0000001-000000000042\",\"status\":\"accepted\"},"
          + "{\"transaction_id\":\"T0000001-000000000043\",\"status\":\"duplicate\"},"
          + "{\"transaction_id\":\"T0000001-000000000044\",\"status\":\"rejected\",\"reason\":\"conflict\"}]}";
  public static final String STATUS = "{\"transaction_id\":\"T0000001-000000000042\",\"status\":\"settled\"}";
  public static final String MATCHED = "{\"result\":\"matched\"}";
  public static final String DIFFERENCES =
      "{\"result\":\"differences\",\"differences\":[{\"category\":\"debit\",\"terminal_count\":12,"
          + "\"bank_count\":11,\"terminal_amount_fen\":123400,\"bank_amount_fen\":120000,"
          + "\"transaction_ids\":[\"T0000001-000000000042\"]}]}";
  public static final String REFERENCE =
      "{\"kind\":\"hotlist\",\"version\":42,\"base_version\":41,\"issued_at\":\"2026-11-23T11:40:00.123Z\","
          + "\"content\":\"aGVsbG8=\",\"signature_alg\":\"SM2-SM3\",\"signature\":\"MEUCIQ==\"}";
  public static final String ERROR =
      "{\"error\":\"rejected\",\"message\":\"merchant not known\",\"reason\":\"merchant_unknown\"}";

  /** Every answer type with a valid body. */
  public static List<Sample> all() {
    List<Sample> s = new ArrayList<>();
    s.add(new Sample(SignOnResponse.class, SIGN_ON));
    s.add(new Sample(MemberLookupResponse.class, MEMBER));
    s.add(new Sample(MemberLookupResponse.class, NO_MEMBER));
    s.add(new Sample(BalanceResponse.class, BALANCE));
    s.add(new Sample(AuthorisationResponse.class, APPROVED));
    s.add(new Sample(AuthorisationResponse.class, DECLINED));
    s.add(new Sample(ReversalResponse.class, REVERSED));
    s.add(new Sample(BatchResponse.class, BATCH));
    s.add(new Sample(TransactionStatus.class, STATUS));
    s.add(new Sample(DayCloseResponse.class, MATCHED));
    s.add(new Sample(DayCloseResponse.class, DIFFERENCES));
    s.add(new Sample(ReferenceDocument.class, REFERENCE));
    s.add(new Sample(ErrorBody.class, ERROR));
    return Collections.unmodifiableList(s);
  }
}
