/**
 * The bank's HTTP API client (docs/bank-api.md): {@link cn.unioncard.bank.BankClient} over okhttp, configured by
 * {@link cn.unioncard.bank.BankClientConfig}, failing only with {@link cn.unioncard.bank.BankException}.
 * Shared with the bank simulator: {@code .model} (the records and their one JSON mapping, {@code BankJson}),
 * {@code .signing} (signing strings, signers, verifiers, reference-data signatures) and {@code .keys} (key
 * blocks with KCVs, working keys, PAN hash and PAN encryption). Android-safe: checked against Android API 26 by
 * the build.
 */
package cn.unioncard.bank;
