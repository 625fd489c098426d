// A hand-written SVG bar chart: one panel per scenario, bars scaled to the
// fastest contender of that panel (rates differ by orders of magnitude across
// scenarios), the rate printed beside each bar. Memory gets its own panel,
// where shorter is better.
import type { ContenderKind } from "../contender.js";
import type { HarnessResult } from "../harness.js";
import { formatBytes, formatRate } from "./format.js";
import type { RunMeta } from "./meta.js";

const WIDTH = 900, LABEL = 190, BAR_AREA = 560, BAR = 14, GAP = 4, TITLE = 26, PANEL_GAP = 14;
const COLORS: Record<ContenderKind, string> = { "wasm-events": "#2f6fd0", peer: "#9a9a9a", limit: "#d98c2b" };

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface Bar {
  readonly label: string;
  readonly kind: ContenderKind;
  readonly value: number;
  readonly text: string;
}

/** One panel at height `y`; returns its elements and the height it took. */
function panel(title: string, bars: readonly Bar[], y: number): { parts: string[]; height: number } {
  const max = Math.max(...bars.map((b) => b.value), Number.MIN_VALUE);
  const parts = [`<text x="10" y="${y + 17}" class="title">${escapeXml(title)}</text>`];
  bars.forEach((bar, i) => {
    const top = y + TITLE + i * (BAR + GAP), width = Math.max(1, (bar.value / max) * BAR_AREA);
    parts.push(
      `<text x="${LABEL - 8}" y="${top + BAR - 3}" class="label">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL}" y="${top}" width="${width.toFixed(1)}" height="${BAR}" fill="${COLORS[bar.kind]}"/>`,
      `<text x="${(LABEL + width + 6).toFixed(1)}" y="${top + BAR - 3}" class="value">${escapeXml(bar.text)}</text>`,
    );
  });
  return { parts, height: TITLE + bars.length * (BAR + GAP) + PANEL_GAP };
}

/** Colour key, top right. */
function legend(): string[] {
  const keys: [ContenderKind, string, number][] = [["wasm-events", "wasm-events", 0], ["peer", "peers", 100], ["limit", "direct (no dispatcher)", 160]];
  return keys.map(([kind, text, offset]) => {
    const x = WIDTH - 320 + offset, y = 12;
    return `<rect x="${x}" y="${y}" width="10" height="10" fill="${COLORS[kind]}"/><text x="${x + 14}" y="${y + 9}" class="sub">${text}</text>`;
  });
}

/** The chart as an SVG document. */
export function toSvg(meta: RunMeta, result: HarnessResult): string {
  const parts: string[] = [];
  let y = 48;
  for (const scenario of result.timed) {
    const bars = scenario.results.map((r) => ({ label: r.contender, kind: r.kind, value: r.rate, text: `${formatRate(r.rate)} ${scenario.unit}` }));
    const drawn = panel(`${scenario.scenario}: ${scenario.title}`, bars, y);
    parts.push(...drawn.parts);
    y += drawn.height;
  }
  if (result.memory !== undefined) {
    const bars = result.memory.results.map((r) => ({
      label: r.contender,
      kind: r.kind,
      value: Math.max(0, r.registered.total),
      text: `${formatBytes(r.registered.total)} B/listener`,
    }));
    const drawn = panel(`${result.memory.scenario}: ${result.memory.title} (shorter is better)`, bars, y);
    parts.push(...drawn.parts);
    y += drawn.height;
  }
  const subtitle = `${meta.profile.name} profile, ${meta.node}, ${meta.cpu} (${meta.cores} cores), ${meta.date.slice(0, 10)}` +
    (meta.note === undefined ? "" : ` (${meta.note})`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, sans-serif">`,
    "<style>.title{font-size:13px;font-weight:600}.label{font-size:11px;text-anchor:end}.value{font-size:11px;fill:#333}.sub{font-size:11px;fill:#555}</style>",
    `<rect width="${WIDTH}" height="${y}" fill="#fff"/>`,
    `<text x="10" y="20" class="title">wasm-events against its peers: higher is faster</text>`,
    `<text x="10" y="36" class="sub">${escapeXml(subtitle)}</text>`,
    ...legend(),
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
