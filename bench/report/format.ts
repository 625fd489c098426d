// Number formats shared by the Markdown and SVG writers.

/** 12345678 → "12.3 M", 4321 → "4.32 k": three significant digits. */
export function formatRate(rate: number): string {
  const units: [number, string][] = [[1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [size, suffix] of units) if (rate >= size) return `${(rate / size).toPrecision(3)} ${suffix}`;
  return rate.toPrecision(3);
}

/** 1.234 → "1.23x"; undefined → "—". */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

/** Bytes with one decimal below 100, whole above. */
export function formatBytes(bytes: number): string {
  return Math.abs(bytes) >= 100 ? bytes.toFixed(0) : bytes.toFixed(1);
}

/** 1234567 → "1,206 KiB". */
export function formatKiB(bytes: number): string {
  return `${Math.round(bytes / 1024).toLocaleString("en-US")} KiB`;
}
