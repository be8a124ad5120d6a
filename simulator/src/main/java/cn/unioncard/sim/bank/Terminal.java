package cn.unioncard.sim.bank;

import cn.unioncard.bank.signing.SignatureAlgorithm;

/** A terminal the bank knows: its id, the algorithm and public key it signs with, and its master key. */
record Terminal(String id, SignatureAlgorithm algorithm, byte[] publicKey, byte[] tmk) {}
