package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Online: the PIN above the no-PIN limit, or when the card asks for it; then the last chance to CANCEL. */
final class VerifyCardholderStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CheckoutConfig config;
  private final PinPad pinPad;
  private final RequestRows rows;
  private final EventListener listener;

  VerifyCardholderStep(CheckoutConfig config, PinPad pinPad, RequestRows rows, EventListener listener) {
    this.config = config;
    this.pinPad = pinPad;
    this.rows = rows;
    this.listener = listener;
  }

  @Override
  public SaleStep name() {
    return SaleStep.VERIFY_CARDHOLDER;
  }

  @Override
  public Result run(SaleInProgress s) {
    String ref = s.ref;
    if (s.paid > config.noPinLimitFen() || s.decision.onlinePinRequired()) {
      if (pinPad == null) {
        return rows.close(s.rec, s.begun, TxState.CANCELLED, "no_pin_pad", Answers.answer(SaleInProgress.TYPE, ref,
            Outcome.FAILED, Answers.PIN_PAD, "a PIN is needed and the terminal has no PIN pad"), null);
      }
      s.ctx.progress(Stage.PIN_ENTRY, "请输入密码 enter the PIN");
      PinKeyAlgorithm algorithm = s.keys.algorithm() == KeyAlgorithm.SM4 ? PinKeyAlgorithm.SM4 : PinKeyAlgorithm.TDEA;
      PinResponse pin;
      listener.pinEntryStart();
      try {
        pin = pinPad.requestPin(s.pan.digits(), s.paid, algorithm, config.pinTimeoutSeconds());
      } catch (IOException e) {
        LOG.warn("SALE {}: PIN pad: {}", ref, e.getMessage());
        return rows.close(s.rec, s.begun, TxState.CANCELLED, "pin_pad_silent", Answers.answer(SaleInProgress.TYPE,
            ref, Outcome.FAILED, Answers.PIN_PAD, "the PIN pad does not answer; nothing charged"), null);
      } finally {
        listener.pinEntryEnd();
      }
      switch (pin.status()) {
        case ENTERED:
          s.pinBlock = Hex.encode(pin.pinBlock());
          break;
        case CANCELLED:
          return rows.close(s.rec, s.begun, TxState.CANCELLED, "pin_cancelled", Answers.answer(SaleInProgress.TYPE,
              ref, Outcome.CANCELLED, Answers.PIN_CANCELLED, "PIN entry cancelled; nothing charged"), null);
        default:
          return rows.close(s.rec, s.begun, TxState.CANCELLED, "pin_timeout", Answers.answer(SaleInProgress.TYPE,
              ref, Outcome.FAILED, Answers.PIN_PAD, "no PIN entered in time; nothing charged"), null);
      }
    }
    if (s.ctx.cancelRequested()) {
      return rows.close(s.rec, s.begun, TxState.CANCELLED, "cancelled", Answers.answer(SaleInProgress.TYPE, ref,
          Outcome.CANCELLED, Answers.CANCELLED, "cancelled; nothing charged"), null);
    }
    return null;
  }
}
