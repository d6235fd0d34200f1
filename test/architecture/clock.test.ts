import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Lines of the shipped code (functions/, cli/) matching a pattern, as `file:line: text`. */
function grep(pattern: string): string[] {
  try {
    return execFileSync('git', ['grep', '-n', '-E', pattern, '--', 'functions', 'cli'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
}

describe('the clock (issue 12, item 10)', () => {
  it('is read in epoch seconds only through functions/clock.ts', () => {
    const elsewhere = grep('Date\\.now\\(\\) */ *1000').filter((line) => !line.startsWith('functions/clock.ts:'));
    expect(elsewhere).toEqual([]);
  });
});
