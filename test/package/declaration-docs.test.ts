// The public declarations carry their documentation (issue 11: editors show
// it): in the shipped dist/index.d.ts, every exported declaration and every
// member of an exported class or interface has JSDoc with an @example;
// methods document each parameter (@param) and a non-void result (@returns),
// and those that can throw say so (@throws). Links in the README and the
// reference lead only to files the repository holds.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import ts from "typescript";

const root = new URL("../../", import.meta.url);
const source = ts.createSourceFile("index.d.ts", readFileSync(new URL("dist/index.d.ts", root), "utf8"), ts.ScriptTarget.Latest, true);

/** Methods that throw EventsError (or pass on a listener's error) for some input. */
const THROWING = new Set([
  "EventBus.constructor", "EventBus.create", "EventBus.loadModule", "EventBus.register", "EventBus.unregister",
  "EventBus.generate", "EventBus.listening", "EventBus.event", "EventBus.dump", "EventBus.restart", "EventBus.createPool",
  "Module.unload", "Pool.hold", "Pool.createPool", "Pool.destroy", "EventRef.generate",
]);

const tagsOf = (node: ts.Node) => ts.getJSDocTags(node).map((tag) => ({ name: tag.tagName.text, text: ts.getTextOfJSDocComment(tag.comment) ?? "" }));
const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;

interface Finding { where: string; problem: string }

const classes = new Map(source.statements.filter(ts.isClassDeclaration).map((c) => [c.name?.text, c]));

/**
 * The members users see on a class: its own, then those of the classes it
 * extends in the same file (EventBus extends a base that is not exported
 * itself; its members are EventBus's to users and are checked as such).
 */
function membersOf(statement: ts.ClassDeclaration | ts.InterfaceDeclaration): ts.Node[] {
  const members: ts.Node[] = [...statement.members];
  if (!ts.isClassDeclaration(statement)) return members;
  const base = statement.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const baseClass = base === undefined ? undefined : classes.get(base.expression.getText());
  return baseClass === undefined ? members : [...members, ...membersOf(baseClass)];
}

function check(): Finding[] {
  const findings: Finding[] = [];
  const need = (where: string, ok: boolean, problem: string) => void (ok || findings.push({ where, problem }));
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) continue;
    const name = (statement as ts.DeclarationStatement).name?.getText() ?? "?";
    const exported = ts.getCombinedModifierFlags(statement as unknown as ts.Declaration) & ts.ModifierFlags.Export;
    if (!exported) continue;
    need(name, hasDoc(statement), "no JSDoc");
    need(name, tagsOf(statement).some((t) => t.name === "example"), "no @example");
    if (!ts.isClassDeclaration(statement) && !ts.isInterfaceDeclaration(statement)) continue;
    for (const member of membersOf(statement) as ts.ClassElement[]) {
      if (member.name && ts.isPrivateIdentifier(member.name)) continue; // #private
      const memberName = ts.isConstructorDeclaration(member) ? "constructor" : member.name?.getText() ?? "?";
      const where = `${name}.${memberName}`;
      // Overloads: the documented signature is the one users see.
      const tags = tagsOf(member);
      need(where, hasDoc(member), "no JSDoc");
      need(where, tags.some((t) => t.name === "example"), "no @example");
      if (ts.isMethodDeclaration(member) || ts.isMethodSignature(member) || ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) {
          const parameterName = parameter.name.getText();
          need(where, tags.some((t) => t.name === "param") && ts.getJSDocParameterTags(parameter).length > 0, `no @param ${parameterName}`);
        }
        const returns = member.type?.getText();
        if (returns !== undefined && returns !== "void" && !ts.isConstructorDeclaration(member)) {
          need(where, tags.some((t) => t.name === "returns"), "no @returns");
        }
        if (THROWING.has(where)) need(where, tags.some((t) => t.name === "throws"), "no @throws");
      }
    }
  }
  return findings;
}

describe("documentation in the package", () => {
  test("every public declaration and member has JSDoc with @example; methods have @param, @returns, @throws", () => {
    expect(check()).toEqual([]);
  });

  test("the check sees the members (it is not vacuous)", () => {
    expect([...classes.keys()]).toEqual(expect.arrayContaining(["EventBus", "EventsError"]));
    expect(membersOf(classes.get("EventBus")!).length).toBeGreaterThan(15);
  });

  test("README and docs/ link only to files of the repository (no web links, no SPEC.md)", () => {
    const docs = readdirSync(new URL("docs/", root)).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
    expect(docs).toContain("docs/bus.md");
    for (const file of ["README.md", ...docs]) {
      const text = readFileSync(new URL(file, root), "utf8");
      expect(text, file).not.toContain("SPEC.md");
      const base = new URL(file, root);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        expect(target, `${file} -> ${target}`).not.toMatch(/^https?:/);
        expect(existsSync(new URL(target, base)), `${file} -> ${target}`).toBe(true);
        expect(new URL(target, base).href.startsWith(root.href), `${file} -> ${target}`).toBe(true);
      }
    }
  });
});
