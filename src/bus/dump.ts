// dump (§10): the table as text, read from the Wasm entries in dispatch order.
// An event lists the registrations made for its name; a pattern's
// registrations are listed under the pattern (§13), not under each event.

import type { Table } from "./bus-table.js";
import type { DumpEntry } from "./registry.js";
import type { PatternRegistry } from "./patterns/pattern-registry.js";
import { EventState } from "./event-state.js";

/** `entries`: events and patterns that ever had a registration, in the order first registered. */
export function dumpLines(table: Table, patterns: PatternRegistry, entries: readonly DumpEntry[]): string[] {
  if (entries.length === 0) return ["No events registered"];
  const lines: string[] = [];
  for (const entry of entries) {
    if (!(entry instanceof EventState)) {
      lines.push(...patterns.dumpLines(entry));
      continue;
    }
    const listed: string[] = [];
    for (const { slot, module } of exactEntries(table, entry.eventId)) {
      if (table.slotState(slot, table.serialOf(slot)) !== table.slotLive) continue; // stale: invisible (§4)
      listed.push(`  ${module ?? "(core)"}`);
    }
    if (listed.length === 0) lines.push(`No handlers registered for '${entry.name}'`);
    else lines.push(`Registered for '${entry.name}':`, ...listed);
  }
  return lines;
}

/** The slot and module name of each of `eventId`'s entries registered by name, in dispatch order (a copy). */
function exactEntries(table: Table, eventId: number): { slot: number; module: string | null }[] {
  const entries = table.entriesOf(eventId), listed: { slot: number; module: string | null }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const slot = entries.slot(i);
    if (!table.isPatternSlot(slot)) listed.push({ slot, module: table.moduleNames[entries.rank(i)] });
  }
  return listed;
}
