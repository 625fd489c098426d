// A list of fixed-size entries in one allocator block: the growth shared by
// the bus's event lists (bus/state.ts) and the EventEmitter's lists
// (emitter/lists.ts), whose records both begin with these three fields.
// Blocks go up one size class at a time, and capacity is all that fits: for
// the bus's 8-byte entries 2, 3, 4, 6, 8, 12, 16, ... entries (allocator.ts's
// classes), so an event of 10 listeners has a 96-byte block.

import { allocateBlock, classBytes, classFor, freeBlock, growBlock } from "./allocator";

@unmanaged
export class BlockList {
  /** The block's address; 0 while the list has none. */
  entries: usize;
  length: u32;
  /** Entries that fit the block. */
  capacity: u32;
}

/** Room for one more entry of `entryBytes` in `list` (may move its entries). */
export function reserveEntryIn(list: BlockList, entryBytes: usize): void {
  if (list.length < list.capacity) return;
  let sizeClass: u32;
  if (list.entries == 0) {
    sizeClass = 0;
    list.entries = allocateBlock(sizeClass);
  } else {
    const from = blockClass(list, entryBytes);
    sizeClass = from + 1;
    list.entries = growBlock(list.entries, from, sizeClass, <usize>list.length * entryBytes);
  }
  list.capacity = <u32>(classBytes(sizeClass) / entryBytes);
}

/** Gives the list's block (if any) back to the allocator; the list keeps its length. */
export function releaseBlock(list: BlockList, entryBytes: usize): void {
  if (list.entries != 0) freeBlock(list.entries, blockClass(list, entryBytes));
  list.entries = 0;
  list.capacity = 0;
}

/** The size class of a list's block: the capacity was all that fit in it, so it needs that class. */
function blockClass(list: BlockList, entryBytes: usize): u32 {
  return classFor(<usize>list.capacity * entryBytes);
}
