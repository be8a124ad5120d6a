/**
 * The bank's HTTP API client (the bank API issue). Android-safe: checked against Android API 26 by the build.
 */
package cn.unioncard.bank;
