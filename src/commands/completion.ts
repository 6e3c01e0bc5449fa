import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { completionScript, specFrom } from '../completion.js';
import { chooseBank, loadChosenBank, type GlobalFlags } from '../context.js';
import { EXIT } from '../errors.js';
import type { Shell } from '../options.js';
import { out } from '../ui/output.js';

/** Print the completion script of `program`, with the topics and ids of the bank in use. */
export async function completion(shell: Shell, flags: GlobalFlags, program: Command): Promise<number> {
  const choice = chooseBank(flags);
  // Quietly: a broken file is validate's business, and its id is simply not offered. The bundled
  // bank comes from its prebuilt index, as for every other command, not from parsing each file.
  const bank = await loadChosenBank(choice);
  const spec = specFrom(
    program,
    choice.name === 'bundled' ? 'the bundled bank' : choice.dir,
    bank.questions.flatMap((q) => q.topics),
    // A cloze question is offered by its own id, which names all its cards (`#` stays out of scripts).
    bank.questions.map((q) => q.cloze?.note ?? q.id),
  );
  out(completionScript(shell, spec).trimEnd());
  return EXIT.ok;
}
