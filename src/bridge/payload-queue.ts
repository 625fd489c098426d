// The bridge's outbound queue: payloads waiting for the transport while it is
// down or while maxInFlight publishes are pending (§12: bounded).

import type { Payload } from "./transport.js";

/** A FIFO of payloads with O(1) push and shift; full means the oldest goes (§12: bounded). */
export class PayloadQueue {
  #items: (Payload | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Appends; returns true if the oldest payload had to be dropped to stay within `capacity`. */
  push(payload: Payload, capacity: number): boolean {
    this.#items.push(payload);
    if (this.length <= capacity) return false;
    this.shift();
    return true;
  }

  shift(): Payload | undefined {
    const payload = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Compact once the consumed prefix is most of the array (amortised O(1)).
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return payload;
  }

  /** Empties the queue; returns how many payloads it held. */
  clear(): number {
    const count = this.length;
    this.#items = [];
    this.#head = 0;
    return count;
  }
}
