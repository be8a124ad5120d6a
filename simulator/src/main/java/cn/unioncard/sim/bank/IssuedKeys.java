package cn.unioncard.sim.bank;


/** The clear working keys of one sign-on, as the bank keeps them: PIN, MAC and data key, 16 bytes each. */
record IssuedKeys(byte[] pinKey, byte[] macKey, byte[] dataKey) {}
