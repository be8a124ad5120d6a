/**
 * The cash-register and PIN-pad links through jssc (the adapters issue). Desktop only.
 */
package cn.unioncard.serial;
