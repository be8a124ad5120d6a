/**
 * Android NFC (IsoDep) card transport and the headless service (the adapters issue). Checked against Android API 26.
 */
package cn.unioncard.android;
