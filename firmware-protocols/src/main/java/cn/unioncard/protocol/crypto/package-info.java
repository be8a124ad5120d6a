/**
 * The cryptography the terminal, the card simulator and the bank simulator share: ISO/IEC 9797-1 MACs and
 * CMAC, EMV and PBOC key derivation and application cryptograms, ISO 9564 PIN blocks, the Chinese commercial
 * algorithms SM2/SM3/SM4, ECDSA P-256, and the PBOC electronic-purse (JR/T 0025 e-purse, JT/T 978) purchase
 * and load cryptography.
 *
 * <p>Everything here calls BouncyCastle's lightweight API ({@code org.bouncycastle.crypto.*}) directly: no
 * JCA provider, so it runs the same on a desktop JVM and on Android. Keys are byte arrays owned by the
 * caller: the classes keep no copy after a call returns and wipe their own temporaries; {@link
 * cn.unioncard.protocol.crypto.Keys#wipe(byte[]...)} clears a caller's array. No key is ever part of a {@code
 * toString()}.
 *
 * <p>Argument checks: a wrong key or block length, a non-digit PIN and the like are programming errors and
 * throw {@link java.lang.IllegalArgumentException}. Decoding something that came from outside (a PIN block, a
 * signature, a public key, an SM2 ciphertext) throws {@link cn.unioncard.protocol.DecodeException}.
 */
package cn.unioncard.protocol.crypto;
