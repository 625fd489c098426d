// 20 listeners with distinct, realistic bodies on one event (an FTP server's
// "transfer done"): each one different, so no single inlined body decides the
// race and every dispatcher pays for calls it cannot fold together.
import type { BenchListener } from "../contender.js";
import { firstSlots, repeatFirstEvent, type GenerateWorkload, type Scenario } from "../scenario.js";

const LISTENERS = 20;

interface Transfer {
  readonly user: string;
  readonly path: string;
  readonly ip: string;
  readonly bytes: number;
  readonly ms: number;
  readonly code: number;
}

const TRANSFER: Transfer = Object.freeze({
  user: "anonymous",
  path: "/pub/linux/kernel/v6.x/linux-6.12.tar.xz",
  ip: "10.20.30.40",
  bytes: 148_512_768,
  ms: 1834.5,
  code: 226,
});

/** What the listeners write to: module-level state, as server modules keep it. */
class Stats {
  bytes = 0; rate = 0; archives = 0; maxMs = 0; internal = 0; depth = 0; quota = 1 << 30;
  avg = 0; slow = 0; allowed = 0; lastPath = ""; lastUser = ""; ok = 0; failed = 0; other = 0;
  sum = 0; chars = 0; flags = 0; userHash = 0; ringAt = 0;
  readonly perUser = new Map<string, number>();
  readonly byClass = new Uint32Array(6);
  readonly sizes = new Uint32Array(33);
  readonly ring: string[] = new Array<string>(64).fill("");
  readonly allow = new Set(["anonymous", "ftp", "mirror"]);
}

/** The listeners: each bumps its own counter `h[k]`, then does its own work on `s`. */
function listeners(s: Stats, h: Uint32Array): ((t: Transfer) => void)[] {
  return [
    (t) => { h[0]++; s.bytes += t.bytes; },
    (t) => { h[1]++; s.perUser.set(t.user, (s.perUser.get(t.user) ?? 0) + 1); },
    (t) => { h[2]++; s.rate = t.bytes / (t.ms || 1); },
    (t) => { h[3]++; if (t.path.endsWith(".tar.xz")) s.archives++; },
    (t) => { h[4]++; s.byClass[(t.code / 100) | 0]++; },
    (t) => { h[5]++; s.ring[(s.ringAt = (s.ringAt + 1) & 63)] = t.path; },
    (t) => {
      h[6]++;
      let hash = 0x811c9dc5; // FNV-1a of the user name
      for (let i = 0; i < t.user.length; i++) hash = Math.imul(hash ^ t.user.charCodeAt(i), 0x01000193);
      s.userHash ^= hash;
    },
    (t) => { h[7]++; if (t.ms > s.maxMs) s.maxMs = t.ms; },
    (t) => { h[8]++; if (t.ip.startsWith("10.")) s.internal++; },
    (t) => {
      h[9]++;
      let depth = 0;
      for (let at = t.path.indexOf("/"); at >= 0; at = t.path.indexOf("/", at + 1)) depth++;
      s.depth += depth;
    },
    (t) => { h[10]++; if ((s.quota -= t.bytes) < 0) s.quota = 1 << 30; },
    (t) => { h[11]++; s.avg = s.avg * 0.9 + t.ms * 0.1; },
    (t) => { h[12]++; if (t.ms > 1000) s.slow++; },
    (t) => { h[13]++; if (s.allow.has(t.user)) s.allowed++; },
    (t) => { h[14]++; s.sizes[32 - Math.clz32(t.bytes)]++; },
    (t) => { h[15]++; s.lastPath = t.path; s.lastUser = t.user; },
    (t) => {
      h[16]++;
      switch (t.code) {
        case 226: s.ok++; break;
        case 426: case 451: case 550: s.failed++; break;
        default: s.other++;
      }
    },
    (t) => { h[17]++; s.sum = (Math.imul(s.sum, 31) + t.bytes) | 0; },
    (t) => { h[18]++; s.chars += t.path.length + t.user.length; },
    (t) => { h[19]++; s.flags |= 1 << (t.code & 31); },
  ];
}

export const realistic: Scenario<GenerateWorkload> = {
  name: "realistic-20",
  title: "20 listeners with distinct realistic bodies on one event",
  kind: "generate",
  build() {
    const hits = new Uint32Array(LISTENERS);
    const fns = listeners(new Stats(), hits) as BenchListener[];
    return {
      kind: "generate",
      table: { events: ["mod_xfer.transfer-done"], listeners: [fns.map((fn) => ({ fn }))] },
      hits,
      slots: [firstSlots(LISTENERS)],
      data: TRANSFER,
      order: repeatFirstEvent(1000),
    };
  },
};
