// Staleness (§7): pools end handles by bumping their generation; a
// registration whose handle generation moved on is stale. These answer the
// dispatcher's questions about a registration's state.

import { SLOT_GONE, SLOT_LIVE, SLOT_STALE } from "./layout";
import { isSlotStale, releaseHandle, slotCount, slotRecord } from "./state";
import { resetFreedSlots } from "./freed";
import { applyLog } from "./insert";

/**
 * Ends a handle (its pool was destroyed): every registration holding it is
 * stale from now on. The pending log is applied first, so a registration
 * still in the log is always live (insert.ts); JS reads the freed list after.
 */
export function endHandle(index: u32): void {
  resetFreedSlots();
  applyLog();
  releaseHandle(index);
}

/** SLOT_LIVE, SLOT_STALE, or SLOT_GONE (removed, or the slot now holds another registration). */
export function slotState(slot: u32, serial: u32): u32 {
  if (slot >= slotCount() || serial == 0) return SLOT_GONE;
  const record = slotRecord(slot);
  if (record.serial != serial) return SLOT_GONE;
  return isSlotStale(slot) ? SLOT_STALE : SLOT_LIVE;
}

/**
 * slotState for an entry of a JS snapshot, which keeps its slots and the
 * serial JS was about to hand out when it was built (`mark`), not a serial
 * per entry: the slot still holds the registration it had then iff it is in
 * use with a serial older than the mark (serials grow by one per
 * registration, modulo 2^32; a reused slot's is newer).
 */
export function entryState(slot: u32, mark: u32): u32 {
  if (slot >= slotCount()) return SLOT_GONE;
  const serial = slotRecord(slot).serial;
  if (serial == 0 || <i32>(mark - serial) <= 0) return SLOT_GONE;
  return isSlotStale(slot) ? SLOT_STALE : SLOT_LIVE;
}
