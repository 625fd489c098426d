// Removal (one registration, or every match of a filter) and counts. Removed
// stale registrations are freed like any other but never counted (§4).

import { ANY, Entry, EventList } from "./layout";
import {
  entryAt, moveEntries, eventCount, eventListUnchecked, isEntryStale, isSlotStale, releaseIfEmpty, releaseSlot,
  slotCount, slotRecord,
} from "./state";
import { freedHasRoom, resetFreedSlots } from "./freed";
import { applyLog } from "./insert";

/** Closes the gap at `index` (order of the rest is kept). */
export function removeEntryAt(list: EventList, index: u32): void {
  const at = list.entries + <usize>index * offsetof<Entry>();
  moveEntries(at, at + offsetof<Entry>(), list.length - index - 1);
  list.length--;
}

/**
 * Removes the registration in `slot` if it still is the one stamped `serial`.
 * Returns 1 if a live registration was removed, 0 if it was already gone or
 * was stale (a stale one is removed too, silently).
 */
export function removeRegistration(slot: u32, serial: u32): u32 {
  resetFreedSlots();
  applyLog(); // the registration may still be in the log: one call applies it and removes it
  if (slot >= slotCount() || serial == 0) return 0;
  const record = slotRecord(slot);
  if (record.serial != serial) return 0;
  return removeSlotEntry(slot);
}

/**
 * Removes the registration in `slot`, whatever its serial: JS found the slot
 * by its function (§9, unregister with a listener filter) and knows it is in
 * use. Returns 1 if it was live, 0 if stale (or already gone).
 */
export function removeSlot(slot: u32): u32 {
  resetFreedSlots();
  applyLog();
  if (slot >= slotCount() || slotRecord(slot).serial == 0) return 0;
  return removeSlotEntry(slot);
}

/**
 * Removes the entry of `slot`, which is in use. Searches from the end: the
 * registration removed soonest after it was made is usually the core's (or
 * a module loaded last), at or near the end.
 */
function removeSlotEntry(slot: u32): u32 {
  const record = slotRecord(slot);
  const list = eventListUnchecked(record.eventId);
  for (let i = list.length; i-- > 0; ) {
    const entry = entryAt(list, i);
    if (entry.slot != slot) continue;
    const wasLive = !isSlotStale(slot);
    releaseSlot(slot);
    removeEntryAt(list, i);
    releaseIfEmpty(list);
    return wasLive ? 1 : 0;
  }
  unreachable(); // a slot in use always has its entry
  return 0;
}

/** Where removeMatching stopped (an event id), or ANY when it finished. */
const MATCHING_NEXT: usize = memory.data(4);

export function matchingNextAddress(): usize {
  return MATCHING_NEXT;
}

/**
 * Removes every registration matching both filters (ANY matches anything),
 * from event `fromEvent` on (ANY: events from 0), and returns how many live
 * ones went. Freed slots are listed for JS; once the freed list is full it
 * stops and leaves in MATCHING_NEXT the event to go on from, which JS passes
 * back in its next call (ANY there: done). (A listener filter is JS's: it
 * finds the function's slots and calls removeSlot.)
 */
export function removeMatching(eventId: u32, rank: u32, fromEvent: u32): u32 {
  resetFreedSlots();
  applyLog();
  let removedLive: u32 = 0;
  store<u32>(MATCHING_NEXT, ANY);
  if (eventId == ANY) {
    const events = eventCount();
    for (let id: u32 = fromEvent == ANY ? 0 : fromEvent; id < events; id++) {
      removedLive += removeFromList(eventListUnchecked(id), rank);
      if (!freedHasRoom()) {
        store<u32>(MATCHING_NEXT, id); // this list may still hold matches
        break;
      }
    }
  } else if (eventId < eventCount()) {
    removedLive = removeFromList(eventListUnchecked(eventId), rank);
    if (!freedHasRoom()) store<u32>(MATCHING_NEXT, eventId);
  }
  return removedLive;
}

/**
 * Compacts `list` in place, dropping the matches while the freed list has
 * room (the rest stay for the next call); returns how many live ones it dropped.
 */
function removeFromList(list: EventList, rank: u32): u32 {
  const length = list.length;
  let kept: u32 = 0, removedLive: u32 = 0;
  for (let i: u32 = 0; i < length; i++) {
    const entry = entryAt(list, i);
    const matches = (rank == ANY || entry.rank == rank) && freedHasRoom();
    if (!matches) {
      if (kept != i) moveEntries(changetype<usize>(entryAt(list, kept)), changetype<usize>(entry), 1);
      kept++;
      continue;
    }
    if (!isEntryStale(entry)) removedLive++;
    releaseSlot(entry.slot);
  }
  if (kept != length) {
    list.length = kept;
    releaseIfEmpty(list);
  }
  return removedLive;
}

/** Live (non-stale) registrations of `eventId`: `listening` (§4). */
export function listenerCount(eventId: u32): u32 {
  if (eventId >= eventCount()) return 0;
  const list = eventListUnchecked(eventId);
  let live: u32 = 0;
  for (let i: u32 = 0; i < list.length; i++) {
    const entry = entryAt(list, i);
    if (!isEntryStale(entry)) live++;
  }
  return live;
}
