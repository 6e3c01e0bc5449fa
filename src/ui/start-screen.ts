import { DIFFICULTIES } from '../bank/question.js';
import type { StartMenu, StartPick, TopicMastery, Waiting } from '../start-menu.js';
import { style } from './output.js';
import { displayWidth, padEndCells, truncateCells } from './width.js';

/**
 * The rows of the start menu, each fitted to a width in display cells: the topic in progress,
 * the difficulties, then one row per topic with its mastery. Pure: the prompt draws them.
 */

export interface MenuRow {
  /** Lines of this row, already fitted (a row may carry a heading line above it). */
  lines: string[];
  value: StartPick;
  /** The key that picks it straight away, if any. */
  key?: string;
}

export function waitingText(w: Waiting): string {
  if (w.due === 0 && w.fresh === 0) return 'nothing waiting';
  return w.due ? `${w.due} due, ${w.fresh} new` : `${w.fresh} new`;
}

/** "name (what waits)", the name shortened with … so the whole fits; the counts are never cut. */
function labelled(name: string, w: Waiting, width: number): string {
  const tail = ` (${waitingText(w)})`;
  const room = width - displayWidth(tail);
  return room >= 4 ? `${truncateCells(name, room)}${tail}` : truncateCells(`${name}${tail}`, width);
}

/** A bar of `cells` cells, filled in proportion (never full unless all are mastered, never empty unless none is). */
export function masteryBar(mastered: number, total: number, cells: number): { filled: number; empty: number } {
  if (cells <= 0 || total <= 0) return { filled: 0, empty: Math.max(0, cells) };
  let filled = Math.round((mastered / total) * cells);
  if (mastered > 0 && filled === 0) filled = 1;
  if (mastered < total && filled === cells) filled = cells - 1;
  return { filled, empty: cells - filled };
}

/**
 * One line per topic: name, bar, "mastered/total", and what is due when there is room, in at
 * most `width` cells. Columns line up across topics; a narrow terminal drops the bar's
 * length, then the words, and shortens names with ….
 */
export function topicRows(topics: readonly TopicMastery[], width: number): string[] {
  if (topics.length === 0) return [];
  const counts = topics.map((t) => `${t.mastered}/${t.total}`);
  const countWidth = Math.max(...counts.map(displayWidth));
  const nameWidest = Math.max(...topics.map((t) => displayWidth(t.name)));
  const barCells = width >= 60 ? 10 : width >= 36 ? 5 : 0;
  const words = ' mastered';
  const fixed = countWidth + (barCells ? barCells + 2 : 0) + 2;
  const withWords = width - fixed - words.length >= Math.min(nameWidest, 12);
  const nameWidth = Math.max(1, Math.min(nameWidest, width - fixed - (withWords ? words.length : 0)));
  return topics.map((t, i) => {
    const { filled, empty } = masteryBar(t.mastered, t.total, barCells);
    const bar = barCells ? `${style.good('█'.repeat(filled))}${style.dim('░'.repeat(empty))}  ` : '';
    const count = counts[i]!.padStart(countWidth);
    let text = `${padEndCells(truncateCells(t.name, nameWidth), nameWidth)}  ${bar}${count}${withWords ? style.dim(words) : ''}`;
    const due = t.due > 0 ? ` · ${t.due} due` : '';
    if (due && displayWidth(text) + due.length <= width) text += style.warn(due);
    return text;
  });
}

/** Every row of the menu, for a list `width` cells wide (the pointer's two cells already taken off). */
export function menuRows(menu: StartMenu, width: number): MenuRow[] {
  const rows: MenuRow[] = [];
  if (menu.resume) {
    rows.push({ lines: [style.strong(labelled(`continue ${menu.resume.name}`, menu.resume, width))], value: { difficulties: null, topic: menu.resume.name }, key: 'c' });
  }
  rows.push({ lines: [labelled('all difficulties', menu.counts.all, width)], value: { difficulties: null, topic: null } });
  DIFFICULTIES.forEach((d, i) => {
    rows.push({ lines: [labelled(d, menu.counts[d], width)], value: { difficulties: [d], topic: null }, key: String(i + 1) });
  });
  const topics = topicRows(menu.topics, width);
  menu.topics.forEach((t, i) => {
    const heading = i === 0 ? [style.dim(truncateCells('or a topic (questions mastered):', width))] : [];
    rows.push({ lines: [...heading, topics[i]!], value: { difficulties: null, topic: t.name } });
  });
  return rows;
}
