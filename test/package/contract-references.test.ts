// The contract ships with the repository (docs/README.md): code, tests,
// benchmarks, examples and the README cite its rules as "§N" (or "§N.M"), and
// every such reference must lead to a numbered heading in docs/ ("## §5
// Dispatch order"). A reference to a section that does not exist, or to
// another document's numbering (a "§" after a capitalised document name such
// as STYLE, on the same line or the one before), fails here with its file and
// line. The same goes for links: every relative link in the README and in
// docs/ must reach a file of the repository and, when it names one, a heading
// of that file.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dirname(fileURLToPath(import.meta.url)), encoding: "utf8" }).trim();
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);

/** Where "§" references may appear: the code, the tests, the benchmarks, the examples, the README and the docs. */
const CITING = /^(src|assembly|test|bench|examples|docs)\/|^README\.md$/;
const DOCS = tracked.filter((file) => /^docs\/.*\.md$/.test(file));
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

/**
 * "§5" or "§N.M", with the word before it when there is one ("SPEC §9"), also
 * across a line break inside a comment ("SPEC\n// §9").
 */
const REFERENCE = /(?:\b([A-Za-z]+)(?:\s|\/\/|\*|#)+)?§(\d+(?:\.\d+)*)/g;
/** A numbered heading of the contract: "## §5 Dispatch order", "### §N.M ...". */
const NUMBERED_HEADING = /^#{1,6}\s+§(\d+(?:\.\d+)*)\s/;
/**
 * Words that may stand before a reference to this contract: SPEC names the
 * contract's original text, whose numbering docs/ follows, so "SPEC §9" is
 * §9 here. Any other all-capital word names another document's numbering.
 */
const CONTRACT_NAMES = new Set(["SPEC"]);

interface Reference { where: string; section: string; cites: string }

function referencesIn(file: string): Reference[] {
  const text = read(file);
  return [...text.matchAll(REFERENCE)].map((match) => {
    const word = match[1] ?? "";
    const otherDocument = /^[A-Z]{2,}$/.test(word) && !CONTRACT_NAMES.has(word) ? word : "";
    const line = text.slice(0, match.index + match[0].length).split("\n").length;
    return { where: `${file}:${line}`, section: match[2]!, cites: otherDocument };
  });
}

/** Section numbers with a heading of their own in docs/, each with the files that head it. */
function numberedSections(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const file of DOCS) {
    let fenced = false;
    for (const line of read(file).split("\n")) {
      if (line.startsWith("```")) fenced = !fenced;
      const match = fenced ? null : NUMBERED_HEADING.exec(line);
      if (match) sections.set(match[1]!, [...(sections.get(match[1]!) ?? []), file]);
    }
  }
  return sections;
}

const sections = numberedSections();
const references = tracked.filter((file) => CITING.test(file) && !isBinary(file)).flatMap(referencesIn);

function isBinary(file: string): boolean {
  return /\.(wasm|png|jpe?g|gif|ico|gz|tgz|zip)$/.test(file) || !existsSync(join(ROOT, file));
}

describe("§ references resolve to the contract in docs/", () => {
  test("docs/ numbers §1 to §14, each section heading in exactly one place", () => {
    for (let n = 1; n <= 14; n++) expect(sections.has(String(n)), `no heading for §${n} in docs/`).toBe(true);
    const twice = [...sections].filter(([, files]) => files.length > 1).map(([n, files]) => `§${n} in ${files.join(", ")}`);
    expect(twice).toEqual([]);
  });

  test("every §N and §N.M in the code, tests, benchmarks, examples, README and docs has a numbered heading", () => {
    const dangling = references
      .filter((ref) => ref.cites !== "" || !sections.has(ref.section))
      .map((ref) => `${ref.where} ${ref.cites ? `${ref.cites} ` : ""}§${ref.section}`);
    expect(dangling).toEqual([]);
  });

  test("the scan sees the references (it is not vacuous) and would catch a dangling one", () => {
    expect(references.length).toBeGreaterThan(500);
    expect(new Set(references.map((ref) => ref.where.split(":")[0])).size).toBeGreaterThan(50);
    // Built here so that this file itself cites nothing that does not exist.
    const section = "\u00a7";
    const probe = [...`a rule (${section}99.1) and STYLE ${section}4, STYLE\n// ${section}3`.matchAll(REFERENCE)];
    expect(probe.map((match) => [match[1], match[2]])).toEqual([[undefined, "99.1"], ["STYLE", "4"], ["STYLE", "3"]]);
    expect(sections.has("99.1")).toBe(false);
  });
});

// GitHub's anchor for a heading: lower case, punctuation dropped (so "§" too),
// spaces to hyphens; a repeated heading gets "-1", "-2", ...
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of read(file).split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "").replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

interface Link { where: string; target: string }

function linksIn(file: string): Link[] {
  const links: Link[] = [];
  let fenced = false;
  read(file).split("\n").forEach((line, index) => {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, "");
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) links.push({ where: `${file}:${index + 1}`, target: match[1]! });
  });
  return links;
}

/** The folders and files the README's "Where things are" block names, as repository paths. */
function fileMap(): { folders: string[]; files: string[] } {
  const lines = read("README.md").split("\n");
  const start = lines.findIndex((line) => /^#{2,4} Where things are\s*$/.test(line));
  expect(start, "README.md has no \"Where things are\" section").toBeGreaterThan(-1);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("    ")) block.push(line.slice(4));
    else if (block.length > 0 && line.trim() !== "") break;
  }
  const folders: string[] = [], files: string[] = [];
  const parents: { indent: number; path: string }[] = [];
  for (const line of block) {
    const indent = line.length - line.trimStart().length;
    const entries: string[] = [];
    for (const word of line.trim().split(/\s+/)) {
      if (!/^[\w.-]+\/$/.test(word) && !/^[\w.-]+\.[a-z]+$/.test(word)) break;
      entries.push(word);
    }
    if (entries.length === 0) continue; // a description carried over to the next line
    while (parents.length > 0 && parents.at(-1)!.indent >= indent) parents.pop();
    const parent = parents.at(-1)?.path;
    for (const entry of entries) {
      const path = parent === undefined ? entry.replace(/\/$/, "") : `${parent}/${entry.replace(/\/$/, "")}`;
      (entry.endsWith("/") ? folders : files).push(path);
    }
    if (entries[0]!.endsWith("/")) parents.push({ indent, path: folders.at(-1)! });
  }
  return { folders, files };
}

describe("links in the README and docs/ resolve", () => {
  const pages = ["README.md", ...DOCS, ...tracked.filter((file) => /^(bench|examples)\/.*README\.md$/.test(file))];
  const links = pages.flatMap(linksIn).filter((link) => !/^[a-z]+:/.test(link.target));

  test("every relative link reaches a file of the repository, and its #anchor a heading there", () => {
    const broken: string[] = [];
    for (const { where, target } of links) {
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const from = join(ROOT, where.split(":")[0]!);
      const file = path === "" ? from : resolve(dirname(from), decodeURIComponent(path));
      if (relative(ROOT, file).startsWith("..") || !existsSync(file)) {
        broken.push(`${where} ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && statSync(file).isFile() && !anchorsOf(relative(ROOT, file)).has(anchor)) {
        broken.push(`${where} ${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  // Paths named in code spans (`src/running-listener.ts`, `test/helpers/brokers.ts`)
  // are not links but send a reader to a file all the same: after files move,
  // this lists the ones the text still names. Patterns (`*`, `NN`, `<date>`) are
  // descriptions, not paths; build outputs exist once `npm test` has built.
  test("every repository path the README and docs/ name in code spans exists", () => {
    const missing: string[] = [];
    for (const page of pages) {
      read(page).split("\n").forEach((line, index) => {
        for (const [, path] of line.matchAll(/`((?:\.\.\/)*(?:src|assembly|test|bench|examples|scripts|docs|\.ci)\/[^`\s]*)`/g)) {
          if (/[*<>{}]|NN|NAME/.test(path!)) continue;
          const fromRoot = join(ROOT, path!), fromPage = resolve(dirname(join(ROOT, page)), path!);
          if (!existsSync(fromRoot) && !existsSync(fromPage)) missing.push(`${page}:${index + 1} ${path}`);
        }
      });
    }
    expect(missing).toEqual([]);
  });

  // The README's file map ("Where things are") is an indented tree: a line's
  // leading words ending in "/" are folders, those with an extension files,
  // each inside the nearest folder above it with less indentation. Every
  // folder that holds a tracked file must be in it, and everything it names
  // must exist (build outputs included: `npm test` has built them).
  test("the README's file map lists every folder of the tree, and only what exists", () => {
    const { folders, files } = fileMap();
    const trackedFolders = [...new Set(tracked.map((file) => dirname(file)))].filter((folder) => folder !== ".").sort();
    expect(trackedFolders.filter((folder) => !folders.includes(folder)), "folders missing from the map").toEqual([]);
    expect([...folders, ...files].filter((path) => !existsSync(join(ROOT, path))), "named in the map, not in the tree").toEqual([]);
    expect(folders).toEqual(expect.arrayContaining(["src", "test", "bench"]));
  });

  test("the link check sees links and anchors (it is not vacuous)", () => {
    expect(links.length).toBeGreaterThan(20);
    expect(links.some((link) => link.target.includes("#"))).toBe(true);
    expect(anchorsOf("docs/bus.md").has("5-dispatch-order")).toBe(true);
  });
});
