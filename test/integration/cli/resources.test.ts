import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runConnect } from '../../support/cli.js';
import { aScope } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('resource:create and resource:list', () => {
  let server: TestServer;
  let env: Record<string, string>;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    env = cliEnv();
  });

  const connect = (args: string[]) => runConnect(args, env);
  const fails = async (args: string[], message: RegExp) => {
    const res = await connect(args);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(message);
  };

  it('registers a resource and lists it', async () => {
    const created = await connect(['resource:create', 'https://mcp.example.com/mcp', '--name', 'Example MCP', '--scopes', scope, '--json']);
    expect(created.stderr).toBe('');
    expect(created.json).toEqual({ uri: 'https://mcp.example.com/mcp', name: 'Example MCP', scopes: [scope] });
    await connect(['resource:create', 'https://api.example.com/', '--json']);
    const listed = await connect(['resource:list', '--json']);
    expect(listed.json.resources).toEqual(
      expect.arrayContaining([
        { uri: 'https://mcp.example.com/mcp', name: 'Example MCP', scopes: [scope] },
        { uri: 'https://api.example.com/', name: 'https://api.example.com/', scopes: null },
      ]),
    );
    const human = await connect(['resource:list']);
    expect(human.stdout).toContain('uri=https://mcp.example.com/mcp');
  });

  it('refuses a relative URI, a fragment, an unknown scope and a duplicate with one line', async () => {
    await fails(['resource:create', '/mcp'], /^error: "\/mcp" is not a resource URI: the resource must be an absolute URI/);
    await fails(['resource:create', 'https://x.example/#a'], /must not include a fragment/);
    await fails(['resource:create', 'https://y.example/', '--scopes', 'no-such-scope'], /the scope "no-such-scope" does not exist/);
    await connect(['resource:create', 'https://twice.example/']);
    await fails(['resource:create', 'https://twice.example/'], /already exists/);
  });
});
