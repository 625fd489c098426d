// dump (SPEC §10): the table as text, read from the Wasm entries in dispatch order.

import type { Table } from "./table.js";

/** `events` are those that ever had a listener, in the order first registered. */
export function dumpLines(table: Table, events: readonly { eventId: number; name: string }[]): string[] {
  if (events.length === 0) return ["No events registered"];
  const lines: string[] = [];
  for (const { eventId, name } of events) {
    const modules: string[] = [];
    for (const slot of table.slotsOf(eventId)) {
      if (table.slotState(slot, table.serialOf(slot)) !== table.slotLive) continue; // stale: invisible (§4)
      modules.push(`  ${table.modules[slot] ?? "(core)"}`);
    }
    if (modules.length === 0) lines.push(`No handlers registered for '${name}'`);
    else lines.push(`Registered for '${name}':`, ...modules);
  }
  return lines;
}
