// dump (SPEC §10): the table as text, read from the Wasm entries in dispatch order.

import type { Table } from "./table.js";

/** `ids` are the event ids that ever had a listener, in the order first registered. */
export function dumpLines(table: Table, events: readonly { id: number; name: string }[]): string[] {
  if (events.length === 0) return ["No events registered"];
  const wasm = table.wasm, lines: string[] = [];
  for (const { id, name } of events) {
    const names: string[] = [];
    const length = wasm.entriesLength(id), start = wasm.entriesAddress(id) >>> 2;
    for (let i = 0; i < length; i++) {
      const reg = table.registrations[table.views.u32[start + i * table.entryWords + table.entrySlot]]!;
      if (table.slotState(reg.slot, reg.serial) !== table.slotLive) continue; // stale: invisible (§4)
      names.push(`  ${reg.module ?? "(core)"}`);
    }
    if (names.length === 0) lines.push(`No handlers registered for '${name}'`);
    else lines.push(`Registered for '${name}':`, ...names);
  }
  return lines;
}
