import { getSetting, listSettings, setSetting, unsetSetting } from '../config/manage.js';
import { configFile } from '../config/store.js';
import { EXIT, UsageError } from '../errors.js';
import { out, style, terminalWidth, warnAll } from '../ui/output.js';
import { displayWidth, padEndCells, truncateCells } from '../ui/width.js';

export interface ConfigFlags {
  json?: boolean;
}

/** `mlops-drill config list | get <key> | set <key> <value> | unset <key> | path`. */
export async function config(action: string | undefined, args: string[], flags: ConfigFlags): Promise<number> {
  const file = configFile();
  const need = (n: number, usage: string) => {
    if (args.length !== n) throw new UsageError(`usage: mlops-drill config ${usage}`);
  };
  switch (action ?? 'list') {
    case 'list': {
      need(0, 'list');
      const { rows, notices } = listSettings(file);
      warnAll(notices);
      if (flags.json) {
        out(JSON.stringify(Object.fromEntries(rows.map((r) => [r.key, { value: r.value, default: r.isDefault, accepts: r.accepts }])), null, 2));
        return EXIT.ok;
      }
      const keyWidth = Math.max(...rows.map((r) => r.key.length));
      const width = terminalWidth();
      // Wide enough for a word such as leech-action's `suspend`; a long list of fitted parameters overflows it instead.
      const valueWidth = Math.min(8, Math.max(6, ...rows.map((r) => displayWidth(r.value))));
      for (const r of rows) {
        const head = `${padEndCells(r.key, keyWidth)}  ${padEndCells(r.value, valueWidth)}  `;
        // Help is cut with … to the terminal; `config get <key>` and the README give it whole.
        out(`${head}${style.dim(truncateCells(r.isDefault ? `default · ${r.help}` : r.help, Math.max(0, width - displayWidth(head))))}`);
      }
      out(style.dim(`settings file: ${file}`));
      return EXIT.ok;
    }
    case 'get':
      need(1, 'get <key>');
      out(getSetting(file, args[0]!));
      return EXIT.ok;
    case 'set':
      need(2, 'set <key> <value>');
      out(`${args[0]} = ${await setSetting(file, args[0]!, args[1]!)}`);
      return EXIT.ok;
    case 'unset': {
      need(1, 'unset <key>');
      const was = await unsetSetting(file, args[0]!);
      out(was ? `${args[0]} is back to its default (${getSetting(file, args[0]!)})` : `${args[0]} was not set; it stays at its default`);
      return EXIT.ok;
    }
    case 'path':
      need(0, 'path');
      out(file);
      return EXIT.ok;
    default:
      throw new UsageError(`unknown config action '${action}': use list, get, set, unset or path`);
  }
}
