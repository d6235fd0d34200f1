import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../functions/routes.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The exact columns of the results table in docs/performance.md, by row label. */
function documentedRows(): Map<string, { warm: string; floor: string; units: string }> {
  const lines = readFileSync(join(ROOT, 'docs/performance.md'), 'utf8').split('\n');
  const header = lines.findIndex((l) => l.startsWith('| endpoint |'));
  const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
  const names = cells(lines[header]!);
  const rows = new Map<string, { warm: string; floor: string; units: string }>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const c = cells(line);
    rows.set(c[0]!, { warm: c[names.indexOf('DDB warm')]!, floor: c[names.indexOf('floor')]!, units: c[names.indexOf('RCU / WCU')]! });
  }
  return rows;
}

/**
 * `npm run bench` end to end, in its smallest mode (`--smoke`: every row and every column,
 * minimal samples, about a minute on two cores; `--quick` is the same with more samples and
 * is what CI would run by hand). Nothing here asserts a time: only that every row completes,
 * with the round trips the floors allow, and docs/performance.md showing the exact columns it
 * measured.
 */
describe('npm run bench', () => {
  it('runs every row to completion and writes the table as JSON', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connect-bench-test-'));
    const out = join(dir, 'results.json');
    try {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
        const child = spawn('npm', ['run', 'bench', '--', '--smoke', '--out', out], {
          cwd: ROOT,
          env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c) => (stdout += c));
        child.stderr.on('data', (c) => (stderr += c));
        child.on('error', fail);
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      const results = JSON.parse(readFileSync(out, 'utf8'));
      const rows = new Map<string, any>(results.rows.map((r: any) => [r.id, r]));
      expect([...rows.keys()]).toEqual(
        expect.arrayContaining(['client_credentials', 'password', 'authorization_code', 'refresh_token', 'introspect', 'revoke', 'jwks', 'discovery']),
      );
      for (const row of rows.values()) {
        // Each row: warm round trips within the floor (the owned client documents its one extra read).
        const extra = row.id === 'client_credentials_owned' ? 1 : 0;
        expect(row.warm.requests.typical, row.label).toBe(row.floor + extra);
        expect(row.http.requests, row.label).toBeGreaterThan(0);
        expect(row.http.failures, row.label).toBe(0);
        expect(row.cold.bundled.initConnections, row.label).toBe(0);
      }
      // The token endpoint's client cache (SPEC §6): a warm cached client is not read, so the
      // same token costs fewer read units than with CLIENT_CACHE_SECONDS=0, in no more round
      // trips (as many while the batch carries something else; client credentials make none
      // once the scope catalogue is cached too).
      for (const grant of ['client_credentials', 'password']) {
        const on = rows.get(grant).warm;
        const off = rows.get(`${grant}_cache_off`).warm;
        expect(on.readUnits, grant).toBeLessThan(off.readUnits);
        expect(on.requests.typical, grant).toBeLessThanOrEqual(off.requests.typical);
      }
      expect(rows.get('password').warm.requests.typical).toBe(rows.get('password_cache_off').warm.requests.typical);
      expect(results.functions.map((f: any) => f.function).sort()).toEqual(Object.keys(FUNCTIONS).sort());
      expect(run.stdout).toContain('DDB warm');
      // docs/performance.md shows a full run; its exact columns must be what the bench measures.
      const documented = documentedRows();
      expect(documented.size, 'rows in docs/performance.md').toBe(rows.size);
      for (const row of rows.values()) {
        expect(documented.get(row.label), `docs/performance.md, row "${row.label}"`).toEqual({
          warm: String(row.warm.requests.typical),
          floor: String(row.floor),
          units: `${row.warm.readUnits} / ${row.warm.writeUnits}`,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
