// sql.js: SQLite compiled to WebAssembly. An Anki collection is an SQLite file; a native
// binding would need a compiler or prebuilt binaries on every learner's machine, and this
// runs on any Node 20 with nothing to build. Loaded only by `import` and `export`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { packageRoot } from '../package-root.js';

/**
 * The WebAssembly half of sql.js. The build copies it to dist/ (it ships in the package);
 * run from the sources (tests), it is read from node_modules. Passing the bytes avoids
 * sql.js looking for the file beside its own script, which in the bundle is elsewhere.
 */
function wasmFile(): string {
  const shipped = path.join(packageRoot(), 'dist', 'sql-wasm.wasm');
  if (existsSync(shipped)) return shipped;
  return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}

let loaded: Promise<SqlJsStatic> | null = null;

export function loadSqlite(): Promise<SqlJsStatic> {
  loaded ??= (async () => {
    const { default: initSqlJs } = await import('sql.js');
    const bytes = readFileSync(wasmFile());
    return initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  })();
  return loaded;
}
