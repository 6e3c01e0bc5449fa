/**
 * Exports of src/ that no other module imports: dead code, or an `export` that should go.
 * A module counts as using a name when it imports it (statically, as a type, or from a
 * dynamic import whose member it reads), or re-exports it. Tests count as users: a pure
 * function exported for its table test is not dead.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(full);
    return /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const hasExport = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module exports, by declaration or `export { … }` (re-exports from elsewhere not included). */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const st of source.statements) {
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      names.push(...st.exportClause.elements.map((e) => e.name.text));
    } else if (hasExport(st)) {
      if (ts.isVariableStatement(st)) names.push(...st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : [])));
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
        names.push(st.name.text);
      }
    }
  }
  return names;
}

interface Use {
  target: string;
  /** null: every export of the target (export *, or a dynamic import used as a whole). */
  names: string[] | null;
}

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

function dynamicUse(call: ts.CallExpression): string[] | null {
  let node: ts.Node = call;
  // (await import(x)).name, or const { a, b } = await import(x)
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return [parent.name.text];
  if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
    return parent.name.elements.map((e) => (e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : ''));
  }
  // import(x).then((m) => m.name)
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'then' && ts.isCallExpression(parent.parent)) {
    const fn = parent.parent.arguments[0];
    if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name)) {
      const param = fn.parameters[0].name.text;
      const names: string[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === param) names.push(n.name.text);
        ts.forEachChild(n, visit);
      };
      visit(fn.body);
      return names;
    }
  }
  return null;
}

function usesOf(file: string, source: ts.SourceFile): Use[] {
  const uses: Use[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(file, node.moduleSpecifier.text);
      const clause = node.importClause;
      if (target && clause) {
        const names: string[] = clause.name ? ['default'] : [];
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) uses.push({ target, names: null });
        else if (bindings) names.push(...bindings.elements.map((e) => (e.propertyName ?? e.name).text));
        uses.push({ target, names });
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(file, node.moduleSpecifier.text);
      if (target) {
        const clause = node.exportClause;
        uses.push({ target, names: clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : null });
      }
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      const target = arg && ts.isStringLiteralLike(arg) ? resolve(file, arg.text) : null;
      if (target) uses.push({ target, names: dynamicUse(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(file, node.argument.literal.text);
      const q = node.qualifier;
      if (target) uses.push({ target, names: q ? [ts.isIdentifier(q) ? q.text : q.right.text] : null });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** How often each identifier occurs in a file (its declaration included). */
function identifierCounts(source: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return counts;
}

/**
 * `file: name` for every export of srcDir that no file under the searched folders uses.
 * An export its own module uses (a parameter type, a helper called there too) is not
 * reported: the module needs it either way, as knip's ignoreExportsUsedInFile.
 */
export function unusedExports(root: string, srcDir = 'src', searched = ['src', 'tests', 'scripts']): string[] {
  const all = searched.flatMap((d) => (fs.existsSync(path.join(root, d)) ? files(path.join(root, d)) : []));
  const parsed = new Map(all.map((f) => [f, ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true)]));
  const used = new Map<string, Set<string> | 'all'>();
  const mark = (target: string, names: string[] | null) => {
    const had = used.get(target);
    if (had === 'all') return;
    if (names === null) used.set(target, 'all');
    else used.set(target, new Set([...(had ?? []), ...names]));
  };
  const reexportsAll = new Map<string, string[]>();
  for (const [file, source] of parsed) {
    for (const use of usesOf(file, source)) {
      if (use.target === file) continue;
      mark(use.target, use.names);
      const isStar = source.statements.some((s) => ts.isExportDeclaration(s) && !s.exportClause && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && resolve(file, s.moduleSpecifier.text) === use.target);
      if (isStar) reexportsAll.set(file, [...(reexportsAll.get(file) ?? []), use.target]);
    }
  }
  // A name used through `export * from` counts for the module that declares it.
  for (const [via, targets] of reexportsAll) {
    const u = used.get(via);
    for (const t of targets) {
      if (u === 'all') mark(t, null);
      else if (u) mark(t, [...u]);
    }
  }
  const found: string[] = [];
  for (const [file, source] of parsed) {
    if (!file.startsWith(path.join(root, srcDir) + path.sep)) continue;
    const u = used.get(file);
    if (u === 'all') continue;
    const counts = identifierCounts(source);
    for (const name of exportedNames(source)) {
      if (!u?.has(name) && (counts.get(name) ?? 0) <= 1) found.push(`${path.relative(root, file).split(path.sep).join('/')}: ${name}`);
    }
  }
  return found.sort();
}
