// Checks both web apps run on their i18n: dictionaries that agree, and no Chinese outside them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const han = /\p{Script=Han}/u;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Keys whose English text does not use the same placeholders as the Chinese one, as `key: zh {…} / en {…}`. */
export function placeholderMismatches(zh: Record<string, string>, en: Record<string, string>): string[] {
  return Object.keys(zh).flatMap((k) => {
    const [z, e] = [placeholders(zh[k] ?? '').join(), placeholders(en[k] ?? '').join()];
    return z === e ? [] : [`${k}: zh {${z}} / en {${e}}`];
  });
}

/** English keys whose text contains Chinese (the name of the Chinese language may). */
export function chineseInEnglish(en: Record<string, string>): string[] {
  return Object.keys(en).filter((k) => k !== 'lang.zh-CN' && han.test(en[k] ?? ''));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

/**
 * Chinese text in string literals, templates and JSX text (comments are fine) of the .ts/.tsx
 * files below `root`, except the files `allowed` names (paths relative to root, with '/').
 * Each offender reads `file:line: text`.
 */
export function chineseOutside(root: string, allowed: Iterable<string>): string[] {
  const skip = new Set(allowed);
  const offenders: string[] = [];
  for (const file of sourceFiles(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (skip.has(rel)) continue;
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node) => {
      if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) && han.test(node.text))
        offenders.push(`${rel}:${src.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text.slice(0, 40)}`);
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return offenders;
}
