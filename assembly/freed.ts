// The slots the current mutating call released, as (slot, event id) word
// pairs, for JS to clear its slot arrays and drop that event's cached snapshot
// (which would otherwise keep the removed function reachable). Reset at the
// start of each mutating call; JS reads it right after the call.
//
// Where the pairs live: in the wilderness, at the allocator's `top`. A
// removal allocates nothing, so the words sit in memory nobody uses, and the
// allocator keeps FREED_BYTES_PER_SLOT bytes of wilderness per slot in use
// (state.ts reserves it as slots are taken): even `unregister()` of every
// registration writes its pairs without growing memory, so a removal can never
// fail for want of memory, and memory after removing everything is the peak it
// had with everything registered (test/soak/memory.ts checks exactly that).
// A separate growable block would cost as much at its high-water mark, and more
// once freed in pieces of the wrong size; the reserve is the price of handing
// JS one contiguous list (freedSlotsAddress, FREED_WORDS).

import { setWildernessInUse, wilderness } from "./allocator";

/** Bytes the freed list takes per released slot: two words. */
export const FREED_BYTES_PER_SLOT: usize = 8;

/** Words in the freed list (two per slot), at a fixed address so JS reads it without a call. */
const FREED_WORDS: usize = memory.data(4);
/** Where this call's pairs start: the wilderness as it was at the first release. */
let freed: usize = 0;

/** Empties the list: the previous call's pairs are read, the wilderness is free again. */
export function resetFreedSlots(): void {
  store<u32>(FREED_WORDS, 0);
  setWildernessInUse(false);
}

/** Lists `slot` (of `eventId`) as released. The caller allocates nothing after this in the same call. */
export function noteFreedSlot(slot: u32, eventId: u32): void {
  const words = load<u32>(FREED_WORDS);
  if (words == 0) {
    freed = wilderness();
    setWildernessInUse(true);
  }
  const at = freed + (<usize>words << 2);
  store<u32>(at, slot);
  store<u32>(at, eventId, 4);
  store<u32>(FREED_WORDS, words + 2);
}

/** Address of the freed list (valid when freedWordsAddress's word is not 0, until the next mutating call). */
export function freedSlotsAddress(): usize {
  return freed;
}

/** Address of the word counting the freed list's words: two per freed slot (slot, event id). */
export function freedWordsAddress(): usize {
  return FREED_WORDS;
}
