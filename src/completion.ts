import type { CommandUnknownOpts as Command, Option } from '@commander-js/extra-typings';
import { ID_PATTERN, TOPIC_PATTERN } from './bank/question.js';
import { KIND_WORDS, SHELLS, valueOf, type Shell, type ValueKind } from './options.js';

/**
 * Completion scripts for bash, zsh and fish, generated from the commander definitions
 * (program.ts, options.ts), so a new command or option is completed without touching this
 * file. Topics and question ids are written into the script when it is generated: reading
 * the bank at every <Tab> would start Node each time, and the bank rarely changes.
 */

/** 'ids': any number of question ids (`drill [ids...]`, `suspend <ids...>`). */
type ArgKind = 'id' | 'ids' | 'shell' | 'subcommand' | 'file';

export interface OptionSpec {
  short: string | null;
  long: string | null;
  description: string;
  /** null for a flag without a value. */
  value: ValueKind | null;
  /** The value is a comma list (commander's value name is a plural: <topics>, <levels>). */
  list: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  args: ArgKind[];
  subcommands: CommandSpec[];
}

export interface CompletionSpec {
  version: string;
  /** Where the topics and ids came from, for the comment at the top of the script. */
  bank: string;
  globalOptions: OptionSpec[];
  topOptions: OptionSpec[];
  commands: CommandSpec[];
  topics: string[];
  ids: string[];
}

const HELP: OptionSpec = { short: '-h', long: '--help', description: 'show help', value: null, list: false };
/** Topics and ids as the parser accepts them, never starting with '-' (it would read as an option); anything else stays out of a script. */
const safeTopic = (t: string) => TOPIC_PATTERN.test(t);
const safeId = (id: string) => ID_PATTERN.test(id) && !id.startsWith('-');

function optionSpec(o: Option): OptionSpec {
  const value = valueOf(o);
  return { short: o.short ?? null, long: o.long ?? null, description: o.description, value: value?.kind ?? null, list: value?.list ?? false };
}

function argKind(name: string): ArgKind {
  return name === 'id' ? 'id' : name === 'ids' ? 'ids' : name === 'shell' ? 'shell' : 'file';
}

function commandSpec(c: Command): CommandSpec {
  const subcommands = c.commands.map(commandSpec);
  return {
    name: c.name(),
    description: c.description(),
    options: [...c.options.filter((o) => !o.hidden).map(optionSpec), HELP],
    args: subcommands.length > 0 ? ['subcommand'] : c.registeredArguments.map((a) => argKind(a.name())),
    subcommands,
  };
}

/** The completion model of a program: pure apart from reading commander's definitions. */
export function specFrom(program: Command, bank: string, topics: string[], ids: string[]): CompletionSpec {
  const all = program.options.map(optionSpec);
  const isTop = (o: OptionSpec) => o.long === '--version';
  return {
    version: program.version() ?? '',
    bank,
    globalOptions: [...all.filter((o) => !isTop(o)), HELP],
    topOptions: all.filter(isTop),
    commands: program.commands.map(commandSpec),
    topics: [...new Set(topics.filter(safeTopic))].sort(),
    ids: [...new Set(ids.filter(safeId))].sort(),
  };
}

const flagsOf = (o: OptionSpec) => [o.short, o.long].filter((f): f is string => f !== null);
const words = (list: readonly string[]) => list.join(' ');
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function values(kind: ValueKind, s: CompletionSpec): readonly string[] {
  if (kind === 'difficulty' || kind === 'type' || kind === 'format') return KIND_WORDS[kind];
  if (kind === 'topic') return s.topics;
  return [];
}

function header(s: CompletionSpec, shell: Shell, install: string[]): string {
  return [
    `# ${shell} completion for mlops-drill ${s.version}, written by: mlops-drill completion ${shell}`,
    ...install.map((l) => `# ${l}`),
    '#',
    // A folder name may hold a newline: one must not end the comment inside a script that is sourced.
    `# The topics and question ids below are those of ${s.bank.replace(/[\u0000-\u001f\u007f]/g, '?')} when this script was written:`,
    '# completing them from the bank at every <Tab> would be slow, and the bank rarely changes.',
    `# After adding questions (or to complete another bank's), write the script again.`,
  ].join('\n');
}

function allCommands(s: CompletionSpec): CommandSpec[] {
  return s.commands.flatMap((c) => [c, ...c.subcommands]);
}

export function bashScript(s: CompletionSpec): string {
  const withValue = new Map<string, ValueKind>();
  for (const o of [...s.globalOptions, ...allCommands(s).flatMap((c) => c.options)]) {
    if (o.value) for (const f of flagsOf(o)) withValue.set(f, o.value);
  }
  const byKind = (kind: ValueKind) => [...withValue].filter(([, k]) => k === kind).map(([f]) => f).join('|');
  const enumValues: [ValueKind, string][] = [
    ['difficulty', words(KIND_WORDS.difficulty)],
    ['type', words(KIND_WORDS.type)],
    ['format', words(KIND_WORDS.format)],
    ['topic', '$_mlops_drill_topics'],
  ];
  const prevCases = [
    ...enumValues.filter(([k]) => byKind(k)).map(([k, list]) => `    ${byKind(k)}) _mlops_drill_list "${list}" "$cur"; return ;;`),
    ...(byKind('folder') ? [`    ${byKind('folder')}) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null; return ;;`] : []),
    // Free values (a number, a title): nothing to offer.
    ...(byKind('free') ? [`    ${byKind('free')}) return ;;`] : []),
  ];
  // -h/--help is among the global options already.
  const optionWords = (opts: OptionSpec[]) => words(opts.filter((o) => o !== HELP).flatMap(flagsOf));
  const optionCases = s.commands.flatMap((c) => [
    `      ${c.name}) opts="${optionWords(c.options)}" ;;`,
    ...c.subcommands.map((sub) => `      ${c.name}/${sub.name}) opts="${optionWords(sub.options)}" ;;`),
  ]);
  const argCase = (c: CommandSpec, key: string): string[] => {
    const kind = c.args[0];
    if (kind === undefined) return [];
    if (kind === 'id') return [`    ${key}) (( npos == 0 )) && COMPREPLY=($(compgen -W "$_mlops_drill_ids" -- "$cur")) ;;`];
    if (kind === 'ids') return [`    ${key}) COMPREPLY=($(compgen -W "$_mlops_drill_ids" -- "$cur")) ;;`];
    if (kind === 'shell') return [`    ${key}) (( npos == 0 )) && COMPREPLY=($(compgen -W "${words(SHELLS)}" -- "$cur")) ;;`];
    if (kind === 'subcommand') return [`    ${key}) (( npos == 0 )) && COMPREPLY=($(compgen -W "${words(c.subcommands.map((x) => x.name))}" -- "$cur")) ;;`];
    return [`    ${key}) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;`];
  };
  const argCases = s.commands.flatMap((c) => [...argCase(c, c.name), ...c.subcommands.flatMap((sub) => argCase(sub, `${c.name}/${sub.name}`))]);

  return `${header(s, 'bash', [
    'Install: mlops-drill completion bash > ~/.local/share/bash-completion/completions/mlops-drill',
    '     or: save it anywhere and add  source <that file>  to ~/.bashrc',
  ])}

_mlops_drill_topics="${words(s.topics)}"
_mlops_drill_ids="${words(s.ids)}"

# Complete one item of a comma list (-t monitoring,dr<Tab>), keeping the items before it.
_mlops_drill_list() {
  local cur="$2" head=""
  [[ $cur == *,* ]] && head="\${cur%,*},"
  COMPREPLY=($(compgen -W "$1" -P "$head" -- "\${cur##*,}"))
}

_mlops_drill() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" w skip="" opts i
  local -i npos=0
  COMPREPLY=()
  # bash splits --difficulty=easy at '=' (COMP_WORDBREAKS): the option is then two words back.
  if [[ $cur == "=" ]]; then
    cur=""
    prev="\${COMP_WORDS[COMP_CWORD-1]}"
  elif (( COMP_CWORD >= 2 )) && [[ \${COMP_WORDS[COMP_CWORD-1]} == "=" ]]; then
    prev="\${COMP_WORDS[COMP_CWORD-2]}"
  elif (( COMP_CWORD >= 1 )); then
    prev="\${COMP_WORDS[COMP_CWORD-1]}"
  fi

  # The command (and, for progress, its subcommand) is the first word that is neither an option nor an option's value.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    w="\${COMP_WORDS[i]}"
    [[ $w == "=" ]] && continue
    if [[ -n $skip ]]; then skip=""; continue; fi
    case $w in
      --*=*) ;;
      ${[...withValue.keys()].join('|')}) skip=1 ;;
      -*) ;;
      *)
        if [[ -z $cmd ]]; then cmd=$w
        elif [[ $cmd != */* && " ${words(s.commands.filter((c) => c.subcommands.length > 0).map((c) => c.name))} " == *" $cmd "* ]]; then cmd="$cmd/$w"
        else npos+=1
        fi ;;
    esac
  done

  case $prev in
${prevCases.join('\n')}
  esac

  if [[ $cur == -* ]]; then
    case $cmd in
      "") opts="${optionWords(s.topOptions)}" ;;
${optionCases.join('\n')}
      *) opts="" ;;
    esac
    COMPREPLY=($(compgen -W "$opts ${words(s.globalOptions.flatMap(flagsOf))}" -- "$cur"))
    return
  fi

  case $cmd in
    "") COMPREPLY=($(compgen -W "${words(s.commands.map((c) => c.name))}" -- "$cur")) ;;
${argCases.join('\n')}
  esac
}

complete -F _mlops_drill mlops-drill
`;
}

/** An _arguments description: brackets and colons are syntax there. */
const zdesc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1');

function zshOption(o: OptionSpec, s: CompletionSpec): string {
  const flags = flagsOf(o);
  const exclusive = flags.length > 1 ? `(${flags.join(' ')})` : '';
  const names = flags.map((f) => (o.value === null ? f : f.startsWith('--') ? `${f}=` : `${f}+`));
  let action = '';
  if (o.value === 'folder') action = ':folder:_files -/';
  else if (o.value === 'free') action = ': : ';
  else if (o.value !== null) action = o.list ? `:${o.value}:_sequence compadd - ${words(values(o.value, s))}` : `:${o.value}:(${words(values(o.value, s))})`;
  const rest = `[${zdesc(o.description)}]${action}`;
  // '(-d --difficulty)'{-d+,--difficulty=}'[…]:…': zsh brace expansion writes one spec per name.
  return names.length > 1 ? `${sq(exclusive)}{${names.join(',')}}${sq(rest)}` : sq(`${names[0] ?? ''}${rest}`);
}

function zshArgs(c: CommandSpec, s: CompletionSpec): string[] {
  const kind = c.args[0];
  if (kind === 'id') return [sq(`1:question id:(${words(s.ids)})`)];
  if (kind === 'ids') return [sq(`*:question id:(${words(s.ids)})`)];
  if (kind === 'shell') return [sq(`1:shell:(${words(SHELLS)})`)];
  if (kind === 'file') return [sq('*:file:_files')];
  return [];
}

export function zshScript(s: CompletionSpec): string {
  const describe = (list: CommandSpec[]) => list.map((c) => sq(`${c.name.replace(/:/g, '\\:')}:${c.description}`)).join(' ');
  // commander reads --bank and --no-color after the command too.
  const globals = s.globalOptions.filter((o) => o !== HELP).map((o) => zshOption(o, s));
  const cases = s.commands.map((c) => {
    if (c.subcommands.length > 0) {
      const subCases = c.subcommands.map(
        (sub) => `              ${sub.name}) _arguments ${[...sub.options.map((o) => zshOption(o, s)), ...globals, ...zshArgs(sub, s)].join(' ')} && ret=0 ;;`,
      );
      return `        ${c.name})
          if (( CURRENT == 2 )); then
            local -a subcommands=(${describe(c.subcommands)})
            _describe -t commands ${sq(`mlops-drill ${c.name} command`)} subcommands && ret=0
          else
            curcontext="\${curcontext%:*}-$words[2]:"
            shift words; (( CURRENT-- ))
            case $words[1] in
${subCases.join('\n')}
            esac
          fi ;;`;
    }
    const specs = [...c.options.map((o) => zshOption(o, s)), ...globals, ...zshArgs(c, s)];
    return `        ${c.name}) _arguments ${specs.join(' \\\n            ')} && ret=0 ;;`;
  });
  return `#compdef mlops-drill
${header(s, 'zsh', [
    'Install: mkdir -p ~/.zfunc && mlops-drill completion zsh > ~/.zfunc/_mlops-drill',
    '         and in ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)',
  ])}

_mlops-drill() {
  local curcontext="$curcontext" state state_descr line ret=1
  typeset -A opt_args
  local -a commands=(${describe(s.commands)})

  _arguments -C \\
    ${[...s.topOptions, ...s.globalOptions].map((o) => zshOption(o, s)).join(' \\\n    ')} \\
    '1: :->command' \\
    '*:: :->argument' && ret=0

  case $state in
    command)
      _describe -t commands 'mlops-drill command' commands && ret=0 ;;
    argument)
      curcontext="\${curcontext%:*:*}:mlops-drill-$words[1]:"
      case $words[1] in
${cases.join('\n')}
      esac ;;
  esac
  return ret
}

if [[ $funcstack[1] == _mlops-drill ]]; then
  _mlops-drill "$@"
else
  compdef _mlops-drill mlops-drill
fi
`;
}

export function fishScript(s: CompletionSpec): string {
  const names = words(s.commands.map((c) => c.name));
  const lines: string[] = [];
  const option = (o: OptionSpec, condition: string | null) => {
    const parts = ['complete -c mlops-drill'];
    if (condition) parts.push(`-n ${sq(condition)}`);
    if (o.short) parts.push(`-s ${o.short.slice(1)}`);
    if (o.long) parts.push(`-l ${o.long.slice(2)}`);
    if (o.value === 'folder') parts.push(`-x -a ${sq('(__fish_complete_directories)')}`);
    else if (o.value === 'free') parts.push('-x');
    else if (o.value !== null) parts.push(`-x -a ${sq(o.list ? `(__fish_complete_list , __mlops_drill_${o.value})` : words(values(o.value, s)))}`);
    parts.push(`-d ${sq(o.description)}`);
    lines.push(parts.join(' '));
  };
  const args = (c: CommandSpec, condition: string) => {
    const kind = c.args[0];
    if (kind === 'id' || kind === 'ids') lines.push(`complete -c mlops-drill -n ${sq(condition)} -a ${sq(words(s.ids))} -d 'question id'`);
    if (kind === 'shell') lines.push(`complete -c mlops-drill -n ${sq(condition)} -a ${sq(words(SHELLS))}`);
    if (kind === 'file') lines.push(`complete -c mlops-drill -n ${sq(condition)} -F`);
  };

  lines.push('complete -c mlops-drill -f');
  for (const o of s.topOptions) option(o, `not __fish_seen_subcommand_from ${names}`);
  for (const o of s.globalOptions) option(o, null);
  for (const c of s.commands) lines.push(`complete -c mlops-drill -n ${sq(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${sq(c.description)}`);
  for (const c of s.commands) {
    const inCommand = `__fish_seen_subcommand_from ${c.name}`;
    for (const o of c.options.filter((x) => x !== HELP)) option(o, inCommand);
    if (c.subcommands.length > 0) {
      const subNames = words(c.subcommands.map((x) => x.name));
      for (const sub of c.subcommands) {
        lines.push(`complete -c mlops-drill -n ${sq(`${inCommand}; and not __fish_seen_subcommand_from ${subNames}`)} -a ${sub.name} -d ${sq(sub.description)}`);
        args(sub, `${inCommand}; and __fish_seen_subcommand_from ${sub.name}`);
      }
    } else {
      args(c, inCommand);
    }
  }
  const listFn = (kind: ValueKind, list: readonly string[]) => `function __mlops_drill_${kind}\n    printf '%s\\n' ${list.length > 0 ? words(list) : "''"}\nend`;
  return `${header(s, 'fish', ['Install: mlops-drill completion fish > ~/.config/fish/completions/mlops-drill.fish'])}

${listFn('difficulty', KIND_WORDS.difficulty)}
${listFn('type', KIND_WORDS.type)}
${listFn('format', KIND_WORDS.format)}
${listFn('topic', s.topics)}

${lines.join('\n')}
`;
}

/** The script for one shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec);
}
