import { Command, Option } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { completionScript, specFrom, type CommandSpec } from '../../src/completion.js';
import { filterOptions, formatOption, SHELLS } from '../../src/options.js';
import { buildProgram } from '../../src/program.js';

const spec = specFrom(buildProgram(), '/some/bank', ['serving', 'drift', 'serving', 'Bad Topic', '$(rm -rf ~)'], ['q-1', 'q-2', 'q;evil', 'ml_9abb4654', 'Q12', '-rf']);
const command = (name: string): CommandSpec => spec.commands.find((c) => c.name === name)!;
const option = (c: CommandSpec, long: string) => c.options.find((o) => o.long === long)!;

describe('the completion model of the program', () => {
  it('takes topics and ids that are safe words, sorted and once', () => {
    expect(spec.topics).toEqual(['drift', 'serving']);
    expect(spec.ids).toEqual(['Q12', 'ml_9abb4654', 'q-1', 'q-2']);
  });

  it('reads what each option takes from its declaration', () => {
    expect(option(command('drill'), '--difficulty')).toMatchObject({ short: '-d', value: 'difficulty', list: true });
    expect(option(command('drill'), '--topic')).toMatchObject({ value: 'topic', list: true });
    expect(option(command('drill'), '--seed')).toMatchObject({ value: 'free', list: false });
    expect(option(command('drill'), '--plain')).toMatchObject({ value: null });
    expect(option(command('new'), '--type')).toMatchObject({ value: 'type', list: false });
    expect(option(command('new'), '--dir')).toMatchObject({ value: 'folder' });
    expect(option(command('validate'), '--format')).toMatchObject({ value: 'format' });
    expect(spec.globalOptions.find((o) => o.long === '--bank')).toMatchObject({ value: 'folder' });
    expect(option(command('due'), '--json')).toMatchObject({ value: null });
    expect(completionScript('bash', spec)).toContain('due) opts="--json');
  });

  it('lists the subcommands of progress and the arguments of show and completion', () => {
    expect(command('progress').subcommands.map((c) => c.name)).toEqual(['path', 'export', 'import']);
    expect(command('show').args).toEqual(['id']);
    expect(command('completion').args).toEqual(['shell']);
  });

  it('completes question ids for every id of suspend, unsuspend and drill, in each shell', () => {
    for (const name of ['suspend', 'unsuspend', 'drill']) expect(command(name).args, name).toEqual(['ids']);
    expect(completionScript('bash', spec)).toContain('    suspend) COMPREPLY=($(compgen -W "$_mlops_drill_ids" -- "$cur")) ;;');
    expect(completionScript('zsh', spec)).toMatch(/unsuspend\) _arguments [^\n]*(\n[^\n]*)*?'\*:question id:\(Q12 ml_9abb4654 q-1 q-2\)'/);
    expect(completionScript('fish', spec)).toContain("complete -c mlops-drill -n '__fish_seen_subcommand_from suspend' -a 'Q12 ml_9abb4654 q-1 q-2' -d 'question id'");
  });

  it('completes an option added to a program without anything else to change', () => {
    const [difficulty] = filterOptions();
    const program = new Command().name('mlops-drill').option('--bank <dir>');
    program.command('quiz').addOption(difficulty).addOption(formatOption()).addOption(new Option('--count <n>'));
    const s = specFrom(program, 'b', [], []);
    const script = completionScript('bash', s);
    expect(script).toContain('quiz) opts="-d --difficulty --format --count"');
    expect(script).toMatch(/-d\|--difficulty\) _mlops_drill_list "easy medium hard"/);
    expect(script).toMatch(/--format\) _mlops_drill_list "text json github"/);
  });

  it.each(SHELLS)('%s: the script names every command and no unsafe word', (shell) => {
    const script = completionScript(shell, spec);
    for (const c of spec.commands) expect(script).toContain(c.name);
    expect(script).not.toContain('rm -rf');
    expect(script).not.toContain('q;evil');
  });
});
