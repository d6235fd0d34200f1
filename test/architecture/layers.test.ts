import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** Runs dependency-cruiser as `npm test` would run any CLI: a child process, its JSON report. */
function cruise(paths: string[]): Promise<{ modules: number; violations: Violation[] }> {
  return new Promise((done, fail) => {
    execFile(
      'node_modules/.bin/depcruise',
      [...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        try {
          const report = JSON.parse(stdout);
          done({ modules: report.summary.totalCruised, violations: report.summary.violations });
        } catch {
          fail(error ?? new Error('dependency-cruiser printed no report'));
        }
      },
    );
  });
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('the layers of the code (DESIGN rules 6 and 13)', () => {
  it('have no cycles, point only down, and keep the AWS SDK, middy and Lambda types out of oauth/', async () => {
    const { modules, violations } = await cruise(['functions', 'cli', 'bin', 'infra']);
    expect(modules).toBeGreaterThan(100);
    expect(violations.map(describeViolation)).toEqual([]);
  });

  it('are refused when two modules import each other', async () => {
    const { violations } = await cruise(['test/architecture/fixtures/cycle']);
    const cycles = violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles.length).toBeGreaterThan(0);
    expect(cycles[0]!.cycle!.map((step) => step.name).sort()).toEqual([
      'test/architecture/fixtures/cycle/first.ts',
      'test/architecture/fixtures/cycle/second.ts',
    ]);
  });
});
