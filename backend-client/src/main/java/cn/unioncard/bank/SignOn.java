package cn.unioncard.bank;

import cn.unioncard.bank.keys.WorkingKeys;
import java.time.Instant;
import java.time.LocalDate;

/** A sign-on taken: the verified working keys, the bank's business date and its clock. */
public record SignOn(WorkingKeys keys, LocalDate businessDate, Instant serverTime) {}
