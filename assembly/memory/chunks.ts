// Arrays of fixed-size records indexed by a dense id (slots, handles, events),
// stored in chunks of 1,024 records that never move. A small table of
// chunk addresses is all that grows (and moves). So a record's address is
// stable for the instance's lifetime, growing an array copies one table word
// per chunk instead of every record, and no large block is ever freed, which
// is what lets allocator.ts get by without coalescing. A sparse array (a
// side table few ids use) leaves a range's chunk address 0 until the first
// write in that range.

import { allocateBlock, classBytes, classFor, growBlock } from "./allocator";

/** End of a free list of records (ids are dense from 0, so no id is this). */
export const NIL: u32 = 0xffffffff;

/** log2 of the records per chunk: 1,024 records, an 8 KiB chunk of 8-byte slot records. */
const CHUNK_SHIFT: u32 = 10;
const CHUNK_MASK: u32 = (1 << CHUNK_SHIFT) - 1;

/**
 * One chunked array. Owners keep it in static memory, zeroed (empty):
 * `changetype<Chunks>(memory.data(offsetof<Chunks>()))`.
 */
@unmanaged
export class Chunks {
  /** Block holding one chunk address per word; 0 until the first chunk. */
  table: usize;
  /** Chunks allocated so far: records 0 .. chunks * 1024 - 1 exist. */
  chunks: u32;
  /** Size class of `table`'s block. */
  tableClass: u32;
}

/** How many records the allocated chunks hold (the array's capacity). */
// @ts-ignore: decorator
@inline export function recordCapacity(array: Chunks): u32 {
  return array.chunks << CHUNK_SHIFT;
}

/** Address of record `index`, which must be below recordCapacity. */
// @ts-ignore: decorator
@inline export function recordAddress(array: Chunks, index: u32, recordBytes: usize): usize {
  const chunk = load<usize>(array.table + (<usize>(index >> CHUNK_SHIFT) << 2));
  return chunk + <usize>(index & CHUNK_MASK) * recordBytes;
}

/** Adds one chunk (fresh records are not cleared: callers initialise what they hand out). */
export function addChunk(array: Chunks, recordBytes: usize): void {
  roomForChunk(array); // first: a table at the top of memory then grows in place
  appendChunk(array, allocateBlock(classFor(recordBytes << CHUNK_SHIFT)));
}

/**
 * A sparse array's record `index`, or 0 if its chunk was never made: side
 * tables that few ids use (bus/state.ts's slot handles) make a chunk on the
 * first write in its range, and a read of a range without one costs two
 * loads. Budget: on every registration and removal.
 */
// @ts-ignore: decorator
@inline export function sparseRecordAddress(array: Chunks, index: u32, recordBytes: usize): usize {
  const chunkIndex = index >> CHUNK_SHIFT;
  if (chunkIndex >= array.chunks) return 0;
  const chunk = load<usize>(array.table + (<usize>chunkIndex << 2));
  return chunk == 0 ? 0 : chunk + <usize>(index & CHUNK_MASK) * recordBytes;
}

/** A sparse array's record `index`, making its chunk (zero-filled: every record "empty") if need be. */
export function sparseRecordForWrite(array: Chunks, index: u32, recordBytes: usize): usize {
  const chunkIndex = index >> CHUNK_SHIFT;
  while (chunkIndex >= array.chunks) {
    roomForChunk(array);
    appendChunk(array, 0); // no chunk yet for this range
  }
  const word = array.table + (<usize>chunkIndex << 2);
  let chunk = load<usize>(word);
  if (chunk == 0) {
    const bytes = recordBytes << CHUNK_SHIFT;
    chunk = allocateBlock(classFor(bytes));
    memory.fill(chunk, 0, bytes);
    store<usize>(word, chunk);
  }
  return chunk + <usize>(index & CHUNK_MASK) * recordBytes;
}

/** Room in the chunk-address table for one more chunk (the table grows by size class). */
function roomForChunk(array: Chunks): void {
  const tableBytes = <usize>(array.chunks + 1) << 2;
  if (array.table == 0) {
    array.tableClass = classFor(tableBytes);
    array.table = allocateBlock(array.tableClass);
  } else if (tableBytes > classBytes(array.tableClass)) {
    const grown = array.tableClass + 1;
    array.table = growBlock(array.table, array.tableClass, grown, <usize>array.chunks << 2);
    array.tableClass = grown;
  }
}

/** Appends `chunk` (0: none yet, in a sparse array) to the chunk-address table, which has room (roomForChunk). */
function appendChunk(array: Chunks, chunk: usize): void {
  store<usize>(array.table + (<usize>array.chunks << 2), chunk);
  array.chunks++;
}
