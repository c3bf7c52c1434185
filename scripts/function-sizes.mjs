#!/usr/bin/env node
// Lists the longest functions (in lines) of the TypeScript sources, tests excluded, with the
// TypeScript compiler's own parser. Usage: node scripts/function-sizes.mjs [--over N] [--top K] [dir]
import ts from "typescript";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const over = args.includes("--over") ? Number(args[args.indexOf("--over") + 1]) : 0;
const top = args.includes("--top") ? Number(args[args.indexOf("--top") + 1]) : 15;
const root = args.find((a, i) => !a.startsWith("--") && !["--over", "--top"].includes(args[i - 1] ?? "")) ?? "src";

const rows = [];
const fileSizes = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts")) {
      const text = readFileSync(p, "utf8");
      fileSizes.push({ file: p, lines: text.split("\n").length });
      const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true);
      const visit = (node) => {
        if (
          ts.isFunctionDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isArrowFunction(node) ||
          ts.isFunctionExpression(node)
        ) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          let name = node.name?.getText?.() ?? "";
          if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText();
          rows.push({ file: p, name: name || "(anonymous)", lines: end - start + 1 });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
})(root);
rows.sort((a, b) => b.lines - a.lines);
fileSizes.sort((a, b) => b.lines - a.lines);
const shown = over ? rows.filter((r) => r.lines > over) : rows.slice(0, top);
console.log(`functions${over ? ` over ${over} lines` : ` (top ${top})`}:`);
for (const r of shown) console.log(`${String(r.lines).padStart(5)}  ${r.name}  ${r.file}`);
console.log(`files (top ${top}):`);
for (const f of fileSizes.slice(0, top)) console.log(`${String(f.lines).padStart(5)}  ${f.file}`);
