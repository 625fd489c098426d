// Staleness (SPEC §7): pools end handles by bumping their generation; a
// registration whose handle generation moved on is stale. These answer the
// dispatcher's questions about a registration's state.

import { SLOT_GONE, SLOT_LIVE, SLOT_STALE } from "./layout";
import { isHandleStale, releaseHandle, slotCount, slotRecord } from "./state";

/** Ends a handle (its pool was destroyed): every registration holding it is stale from now on. */
export function endHandle(index: u32): void {
  releaseHandle(index);
}

/** SLOT_LIVE, SLOT_STALE, or SLOT_GONE (removed, or the slot now holds another registration). */
export function slotState(slot: u32, serial: u32): u32 {
  if (slot >= slotCount() || serial == 0) return SLOT_GONE;
  const record = slotRecord(slot);
  if (record.serial != serial) return SLOT_GONE;
  return isHandleStale(record.handle, record.handleGen) ? SLOT_STALE : SLOT_LIVE;
}
