package cn.unioncard.bank;

import java.io.IOException;

/**
 * Carries a {@link BankException} through okhttp's interceptor chain, which only lets {@link IOException}s
 * pass; {@link BankClient} unwraps it. Never retried.
 */
final class BankFailure extends IOException {
  private static final long serialVersionUID = 1L;

  BankFailure(BankException failure) {
    super(failure.getMessage(), failure);
  }

  BankException failure() {
    return (BankException) getCause();
  }
}
