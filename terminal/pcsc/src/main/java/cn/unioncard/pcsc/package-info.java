/**
 * PC/SC card readers through javax.smartcardio (the adapters issue). Desktop only.
 */
package cn.unioncard.pcsc;
