import fs from 'node:fs';
import path from 'node:path';
import { loadBankAsync } from './load.js';
import { findQuestionFiles } from './files.js';
import { packageVersion } from '../package-root.js';
import { fingerprint, indexEntries, TEXT_FILE, type BankIndex } from './prebuilt.js';

/**
 * Build step: parse the bundled bank once and write its index (see prebuilt.ts).
 * Usage: node write-index.js <bank folder> <output file>. A bank with any problem gets no
 * index, so its problems are reported at run time as usual.
 */
const [bankDir, outFile] = process.argv.slice(2);
if (!bankDir || !outFile) throw new Error('usage: write-index <bank folder> <output file>');
const root = path.resolve(bankDir);
const bank = await loadBankAsync([root]);
if (bank.problems.length > 0) {
  process.stderr.write(`bank index not written: ${bank.problems.length} problem(s); run mlops-drill validate\n`);
} else {
  const { entries, text } = indexEntries(bank.questions.map((q) => ({ q, rel: path.relative(root, path.resolve(q.file)).split(path.sep).join('/') })));
  const index: BankIndex = {
    v: 2,
    program: packageVersion(),
    files: findQuestionFiles([root]).files.map((abs) => ({ rel: path.relative(root, abs).split(path.sep).join('/'), hash: fingerprint(fs.readFileSync(abs)) })),
    textHash: fingerprint(Buffer.from(text)),
    questions: entries,
  };
  fs.writeFileSync(path.join(path.dirname(outFile), TEXT_FILE), text);
  fs.writeFileSync(outFile, JSON.stringify(index));
}
