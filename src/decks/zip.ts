// fflate: a small, dependency-free zip implementation in plain JavaScript (an .apkg is a
// zip). Its streaming reader lets every entry be measured while it is inflated, so a zip
// bomb is stopped after a bounded amount of work instead of being trusted on its headers.
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { UserError } from '../errors.js';

export interface ZipLimits {
  /** Largest size of one entry once inflated. */
  entryBytes: number;
  /** Largest size of all entries together once inflated. */
  totalBytes: number;
  /** Above this inflated size, an entry must not be more than `ratio` times its compressed size. */
  ratioFrom: number;
  ratio: number;
  entries: number;
}

export const ZIP_LIMITS: ZipLimits = {
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
  ratioFrom: 8 * 1024 * 1024,
  ratio: 200,
  entries: 100_000,
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeZip(data: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => data[i] === b);
}

/**
 * Read the entries of a zip whose names pass `want` (others are skipped unread).
 * Throws a one-line UserError for anything that is not a sound, reasonably sized zip.
 */
export function readZip(data: Uint8Array, label: string, want: (name: string) => boolean, limits: ZipLimits = ZIP_LIMITS): Map<string, Uint8Array> {
  if (!looksLikeZip(data)) throw new UserError(`${label} is not a zip file (an .apkg or .colpkg is a zip)`);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let count = 0;
  let failure: UserError | null = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++count > limits.entries) {
      failure = new UserError(`${label} holds more than ${limits.entries} files; refused`);
      return;
    }
    if (!want(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new UserError(`${label} is a damaged zip (${file.name}: ${error.message})`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      const compressed = file.size ?? 0;
      if (size > limits.entryBytes || total > limits.totalBytes || (size > limits.ratioFrom && size > compressed * limits.ratio)) {
        failure = new UserError(`${label} inflates to more than it reasonably could (a zip bomb?); refused`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) files.set(file.name, concat(chunks, size));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(data, true);
  } catch (error) {
    if (failure) throw failure;
    throw new UserError(`${label} is a damaged zip (${(error as Error).message})`);
  }
  if (failure) throw failure;
  return files;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function writeZip(entries: Record<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(entries)) zippable[name] = [data, { level: 6 }];
  return zipSync(zippable);
}
