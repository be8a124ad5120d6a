/**
 * The agent core: card sessions, checkout and gate flows, the store, settlement. Android-safe: checked against Android API 26 by the build.
 */
package cn.unioncard.agent;
