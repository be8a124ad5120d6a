package cn.unioncard.sim.checkout;

import cn.unioncard.agent.card.ApduTransport;
import cn.unioncard.agent.card.TransportException;
import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.Completion;
import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import cn.unioncard.protocol.crypto.EmvKeyDerivation;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.member.MemberData;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.card.CardProfile;
import cn.unioncard.sim.card.DebitState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the payment kernel while the real one is being built: it SELECTs the debit application on the
 * simulated card (so a card that left the field, or one without the application, behaves as it would), and makes
 * the card's ARQC itself from the profile's keys, as the simulated card does. The bank checks it for real.
 */
final class ScriptedKernel implements PaymentKernel {
  static final byte[] SELECT_DEBIT = Hex.of("00A4040008A00000033301010100");

  private final CardProfile profile;
  private final boolean onlinePin;
  private int atc;
  int begins;

  ScriptedKernel(CardProfile profile, boolean onlinePin) {
    this.profile = profile;
    this.onlinePin = onlinePin;
    this.atc = profile.debit() == null ? 0 : profile.debit().atc();
  }

  @Override
  public CardDecision begin(ApduTransport card, Purchase purchase) throws TransportException {
    begins++;
    byte[] answer = card.transmit(SELECT_DEBIT);
    DebitState d = profile.debit();
    try {
      if (d == null || !ResponseApdu.parse(answer).isOk()) {
        return new CardDecision(CardDecision.Kind.REFUSED, "no UnionPay debit application", null, -1, null, null,
            purchase.contactless(), null, null, false, new byte[0], null);
      }
      Pan pan = Pan.parse(d.pan());
      MemberData member = profile.member();
      atc++;
      return new CardDecision(CardDecision.Kind.ONLINE, null, pan, Integer.parseInt(d.psn()), d.expiryDate(),
          "A000000333010101", purchase.contactless(), member, d.ecBalanceFen(), onlinePin,
          iccData(d.pan(), d.psn(), purchase.amountFen(), atc), null);
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public Completion complete(ApduTransport card, CardDecision decision, IssuerAnswer answer) {
    return new Completion(answer.approved(), answer.approved() ? null : "issuer declined", null);
  }

  static byte[] iccData(String pan, String psn, long amountFen, int atcValue) {
    Map<Tag, byte[]> v = new LinkedHashMap<>();
    v.put(EmvTags.AMOUNT_AUTHORISED, Bcd.encode(amountFen, 6));
    v.put(EmvTags.AMOUNT_OTHER, Bcd.encode(0, 6));
    v.put(EmvTags.TERMINAL_COUNTRY_CODE, Hex.of("0156"));
    v.put(EmvTags.TVR, Hex.of("0000000000"));
    v.put(EmvTags.TRANSACTION_CURRENCY_CODE, Hex.of("0156"));
    v.put(EmvTags.TRANSACTION_DATE, Hex.of("261123"));
    v.put(EmvTags.TRANSACTION_TYPE, Hex.of("00"));
    v.put(EmvTags.UNPREDICTABLE_NUMBER, Hex.of("1A2B3C4D"));
    v.put(EmvTags.AIP, Hex.of("7C00"));
    byte[] atcBytes = {(byte) (atcValue >> 8), (byte) atcValue};
    v.put(EmvTags.ATC, atcBytes);
    v.put(EmvTags.ISSUER_APPLICATION_DATA, Hex.of("07010103A0A000"));
    String psn2 = psn;
    byte[] sk = EmvKeyDerivation.pbocSessionKey(
        EmvKeyDerivation.iccMasterKeyOptionA(Hex.of(DebitState.TEST_IMK_AC), pan, psn2), atcBytes);
    byte[] arqc;
    try {
      arqc = ApplicationCryptogram.generate(sk, CryptogramInput.build(v));
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
    List<Tlv> out = new ArrayList<>();
    out.add(Tlv.of(EmvTags.APPLICATION_CRYPTOGRAM, arqc));
    out.add(Tlv.of(Tag.of(0x9F27), Hex.of("80")));
    for (Map.Entry<Tag, byte[]> e : v.entrySet()) {
      out.add(Tlv.of(e.getKey(), e.getValue()));
    }
    out.add(Tlv.of(EmvTags.PAN_SEQUENCE_NUMBER, Hex.of(psn2)));
    return BerTlv.encode(out);
  }
}
