import fs from 'node:fs';
import { LogReader, scanLines } from '../progress/log-read.js';
import { progressFile } from '../progress/location.js';
import { effectiveAnswers, type AnswerRecord } from '../progress/record.js';

/**
 * The answers in force in the learner's progress log (undone ones left out), read with the
 * log's own side-effect-free reader: the one place `export --with-progress` touches the log.
 */
export function answersInLog(file = progressFile()): { answers: AnswerRecord[]; notices: string[] } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { answers: [], notices: code === 'ENOENT' ? [] : [`cannot read ${file} (${code ?? String(error)}); exporting without progress`] };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { answers: [], notices: [`${file} is not a regular file; exporting without progress`] };
    const reader = new LogReader();
    scanLines(fd, 0, st.size, (line, terminated) => reader.line(line, terminated));
    const read = reader.done();
    const notices: string[] = [];
    if (read.newerVersion !== null) notices.push(`${file} holds records of a newer mlops-drill (log format ${read.newerVersion}); they were left out`);
    if (read.foreign) notices.push(`${file} could not be read as a progress log; exporting without progress`);
    const unreadable = read.badLines.length + (read.tornTail ? 1 : 0);
    if (unreadable > 0 && !read.foreign) notices.push(`${unreadable} unreadable line(s) in ${file} were skipped`);
    return { answers: effectiveAnswers(read.records), notices };
  } finally {
    fs.closeSync(fd);
  }
}
