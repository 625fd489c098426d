// Views on one instance's memory. Growth detaches the old ArrayBuffer (its
// views then read length 0), and memory grows only inside mutating Wasm
// calls, so the bus refreshes right after each of them and the hot path can
// trust `u32` unchecked. Hold the Views object, never `u32` across a call.

export class Views {
  /** The whole memory as u32 words. Replaced (not mutated) on growth. */
  u32: Uint32Array = new Uint32Array(0);

  constructor(readonly memory: WebAssembly.Memory) {
    this.refresh();
  }

  /**
   * Re-creates the view if the memory grew since the last call. A grown
   * memory's old buffer is detached and its views read length 0; testing
   * that is cheaper than fetching `memory.buffer` (a getter into the engine).
   */
  refresh(): void {
    if (this.u32.length !== 0) return;
    this.u32 = new Uint32Array(this.memory.buffer);
  }

  /** Bytes of linear memory (diagnostics, memory bounds in tests). */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
}
