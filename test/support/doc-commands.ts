/**
 * Runs the shell examples of the README and docs/ as a reader would (DESIGN rule 14), so the
 * documentation cannot drift from the code.
 *
 * The convention the pages follow: in a ```sh block, each command (with its `\` continuation
 * lines) is run by `sh` with the environment of a started `npm start`; the `#` lines directly
 * under a command are what it prints — each must match a line of its output, `…` standing for
 * anything — while a `#` line after a blank line only describes what follows. An all-caps word
 * such as CLIENT_ID is a placeholder: it becomes the value the reader was shown last under that
 * name (`client_id: …` in the CLI's output, or a field of a JSON answer).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The address the pages use; replaced by the started server's. */
export const DOCS_ORIGIN = 'http://localhost:3000';

export interface DocStep {
  readonly command: string;
  /** The output lines the page shows under the command. */
  readonly shows: readonly string[];
}

export type DocBlock = readonly DocStep[];

/** A page of the repository, by path from its root. */
export function readDoc(path: string): string {
  return readFileSync(root + path, 'utf8');
}

/** The text of one `## Heading` section of a page (up to the next heading of that level). */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = heading.split(' ')[0]!;
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n${level} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Every ```sh block of a page, as commands with the output lines shown under them. */
export function shellBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const steps: { command: string; shows: string[] }[] = [];
    let last: { command: string; shows: string[] } | undefined;
    let continuing = false;
    for (const line of match[1]!.split('\n')) {
      if (continuing && last) {
        last.command += '\n' + line;
        continuing = line.endsWith('\\');
      } else if (line.trim() === '') {
        last = undefined;
      } else if (line.startsWith('#')) {
        last?.shows.push(line.replace(/^#\s?/, '').trim());
      } else {
        last = { command: line, shows: [] };
        steps.push(last);
        continuing = line.endsWith('\\');
      }
    }
    blocks.push(steps);
  }
  return blocks;
}

export interface DocRun {
  readonly code: number;
  readonly output: string;
}

/** What the reader has been shown so far, by lower-case name (client_id, refresh_token, id…). */
export type Shown = Map<string, string>;

export class DocReader {
  readonly shown: Shown = new Map();

  constructor(
    private readonly origin: string,
    private readonly env: Record<string, string>,
  ) {}

  /** A text of the page with its placeholders and address filled in, as the reader types it. */
  fill(text: string): string {
    return text
      .replaceAll(DOCS_ORIGIN, this.origin)
      .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b/g, (word) => this.shown.get(word.toLowerCase()) ?? word);
  }

  /** Runs one step; returns its exit code, its output, and the shown lines it did not print. */
  async run(step: DocStep): Promise<DocRun & { readonly missing: readonly string[] }> {
    const result = await sh(this.fill(step.command), this.env);
    const lines = result.output.split('\n').map((l) => l.trim());
    const missing = step.shows
      .filter((shown) => shown !== '…')
      .filter((shown) => !lines.some((line) => pattern(shown.replaceAll(DOCS_ORIGIN, this.origin)).test(line)));
    this.remember(result.output);
    return { ...result, missing };
  }

  private remember(output: string): void {
    for (const line of output.split('\n')) {
      const field = /^([a-z_]+): (.+)$/.exec(line.trim());
      if (field) this.shown.set(field[1]!, unquote(field[2]!));
      const json = /^\{.*\}$/.exec(line.trim());
      if (json) {
        try {
          for (const [key, value] of Object.entries(JSON.parse(json[0]) as Record<string, unknown>)) {
            if (typeof value === 'string') this.shown.set(key, value);
          }
        } catch {
          // not JSON after all
        }
      }
    }
  }
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}

/** A shown line as a whole-line pattern: literal text, `…` matching anything. */
function pattern(shown: string): RegExp {
  return new RegExp('^' + shown.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

function sh(command: string, env: Record<string, string>): Promise<DocRun> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', command], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}
