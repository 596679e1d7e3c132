import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

// Every user-facing string goes through i18n: a Chinese character in a string, a template or JSX text
// anywhere in web/src outside i18n/ is a string the English reader would see untranslated. (Comments
// may be in Chinese.)
const SRC = path.resolve(import.meta.dirname, '..');
// Han characters, and the full-width punctuation that only Chinese text uses (，：（）、。…).
const HAN = /[\p{Script=Han}\u3000-\u303f\uff01-\uff1f]/u;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(SRC, 'i18n') ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });
}

function chineseLiterals(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node) ||
        ts.isJsxText(node)) &&
      HAN.test(node.text)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(SRC, file)}:${line + 1} ${node.text.trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('user-facing text', () => {
  it('has no Chinese literal outside the i18n catalogues', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(chineseLiterals)).toEqual([]);
  });

  it('would catch one (the check reads strings, templates and JSX text)', () => {
    const probe = path.join(SRC, 'i18n', '..', 'literal-probe.tmp.tsx');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe's source text holds a template on purpose.
    fs.writeFileSync(probe, "const a = '会员';\nconst b = `${a}名册`;\nexport const C = () => <p>入会</p>;\n");
    try {
      expect(chineseLiterals(probe)).toHaveLength(3);
    } finally {
      fs.rmSync(probe);
    }
  });
});

/** The keys of a catalogue, flattened with dots. */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** The literal keys a file passes to `t(…)` (keys built at run time are checked where they are listed). */
function literalKeys(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 't' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('translation keys', () => {
  it('every key the app asks for by name is in both catalogues', () => {
    const used = [...new Set(sourceFiles(SRC).flatMap(literalKeys))];
    expect(used.length).toBeGreaterThan(500);
    for (const [name, catalogue] of [
      ['zh-CN', zhCN],
      ['en', en],
    ] as const) {
      const known = new Set(keysOf(catalogue));
      expect(
        used.filter((key) => !known.has(key) && !known.has(`${key}_other`)),
        name,
      ).toEqual([]);
    }
  });
});
