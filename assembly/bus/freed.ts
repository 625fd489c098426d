// The slots the current mutating call released, as (slot, event id) word
// pairs, for JS to clear its slot arrays and drop that event's cached snapshot
// (which would otherwise keep the removed function reachable). Reset at the
// start of each mutating call; JS reads it right after the call.
//
// Where the pairs live: in the wilderness, at the allocator's `top`. A
// removal allocates nothing, so the words sit in memory nobody uses until the
// next mutating call. A separate growable block would cost as much at its
// high-water mark, and leave blocks of the wrong size behind as it grew.
//
// RESERVE_FREED_LIST keeps 8 bytes of wilderness per slot in use, so even
// `unregister()` of every registration writes its pairs without growing
// memory: a removal never fails for want of memory, and memory after removing
// everything is the peak it had with everything registered (tools/soak/memory.ts:
// "the second million registrations fit in the memory the first one freed").
// It is 8 of the 38 bytes per listener (100,000 listeners, 10 per event).
// Without it that figure is 30, but the first removal of N registrations at
// once grows memory by up to 8 * N bytes, and once later registrations have
// used that wilderness the next mass removal grows it again: ten waves of
// 10,000 registrations, removed by module, went 9, 10, 10, 11 pages and stayed
// there, where the reserve holds them at 11 from the first (Nov 2026, Node 20;
// test/scale.test.ts wants the first wave to be the high-water mark). What
// costs the 8 bytes is handing JS one contiguous list (freedSlotsAddress,
// FREED_WORDS) for any number of removals in one call.

import { releaseHeadroom, reachMemory, reserveHeadroom, setWildernessInUse, wilderness } from "../memory/allocator";

/** Keep room for every slot's pair (see above). */
const RESERVE_FREED_LIST: bool = true;

/** Bytes the freed list takes per released slot: two words. */
const FREED_BYTES_PER_SLOT: usize = 8;

/** Words in the freed list (two per slot), at a fixed address so JS reads it without a call. */
const FREED_WORDS: usize = memory.data(4);
/** Where this call's pairs start (the wilderness as it was at the first release), at a fixed address so JS reads it without a call. */
const FREED_AT: usize = memory.data(4);

/** A slot was taken: with RESERVE_FREED_LIST, room for its pair should one call release every slot. */
// @ts-ignore: decorator
@inline export function reserveFreedPair(): void {
  if (RESERVE_FREED_LIST) reserveHeadroom(FREED_BYTES_PER_SLOT);
}

/** Empties the list: the previous call's pairs are read, the wilderness is free again. */
export function resetFreedSlots(): void {
  store<u32>(FREED_WORDS, 0);
  setWildernessInUse(false);
}

/**
 * Lists `slot` (of `eventId`) as released, giving back its reserved room.
 * The caller allocates nothing after this in the same call.
 */
export function noteFreedSlot(slot: u32, eventId: u32): void {
  const words = load<u32>(FREED_WORDS);
  if (words == 0) {
    store<usize>(FREED_AT, wilderness());
    setWildernessInUse(true);
  }
  const at = load<usize>(FREED_AT) + (<usize>words << 2);
  if (!RESERVE_FREED_LIST) reachMemory(at + FREED_BYTES_PER_SLOT); // else the reserve holds it
  store<u32>(at, slot);
  store<u32>(at, eventId, 4);
  store<u32>(FREED_WORDS, words + 2);
  if (RESERVE_FREED_LIST) releaseHeadroom(FREED_BYTES_PER_SLOT);
}

/** Address of the word holding freedSlotsAddress's value. */
export function freedAtAddress(): usize {
  return FREED_AT;
}

/** Address of the word counting the freed list's words: two per freed slot (slot, event id). */
export function freedWordsAddress(): usize {
  return FREED_WORDS;
}
