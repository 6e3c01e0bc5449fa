import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MAX_FILE = 32 * 1024 * 1024;
const MAX_TOTAL = 256 * 1024 * 1024;

/**
 * Images a question shows by a relative path (`![plot](roc.png)`), gathered for the
 * package: Anki finds media by bare file name, so each gets one, unique in the package.
 * Only regular files inside the bank are taken; anything else keeps its link as written.
 */
export class MediaCollector {
  private readonly root: string;
  private readonly byPath = new Map<string, string>();
  private readonly files = new Map<string, string>();
  private total = 0;
  /** Links that could not be included (missing, outside the bank, too large). */
  readonly left: string[] = [];

  constructor(bankRoot: string) {
    this.root = realpath(bankRoot) ?? path.resolve(bankRoot);
  }

  /** The media name for an image link of the question in `questionFile`, or the link unchanged. */
  resolve(questionFile: string, href: string): string {
    if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#')) return href;
    let decoded = href;
    try {
      decoded = decodeURIComponent(href);
    } catch {
      // kept as written
    }
    const real = realpath(path.resolve(path.dirname(questionFile), decoded));
    const rel = real ? path.relative(this.root, real) : '..';
    if (!real || rel.startsWith('..') || path.isAbsolute(rel)) {
      this.left.push(href);
      return href;
    }
    const known = this.byPath.get(real);
    if (known) return known;
    let size: number;
    try {
      const st = fs.statSync(real);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      this.left.push(href);
      return href;
    }
    if (size > MAX_FILE || this.total + size > MAX_TOTAL) {
      this.left.push(href);
      return href;
    }
    let name = path.basename(real);
    if (this.files.has(name)) name = `${createHash('sha1').update(rel).digest('hex').slice(0, 8)}-${name}`;
    this.total += size;
    this.byPath.set(real, name);
    this.files.set(name, real);
    return name;
  }

  /** Zip entries ("0", "1", …) and the `media` list that names them. */
  entries(): { files: Record<string, Uint8Array>; list: Record<string, string> } {
    const files: Record<string, Uint8Array> = {};
    const list: Record<string, string> = {};
    [...this.files].forEach(([name, file], i) => {
      files[String(i)] = fs.readFileSync(file);
      list[String(i)] = name;
    });
    return { files, list };
  }

  get count(): number {
    return this.files.size;
  }
}

function realpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
