import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.js';
import { ROUTE } from '../../functions/routes.js';
import { synthesize, type Json } from './synth.js';

/** Dynamic registration and metadata-document hosts as deploy-time settings (SPEC §9). */
describe('the registration settings of the stack', () => {
  const registerEnv = (context?: Record<string, string>) => {
    const synth = synthesize({}, context ? { context } : {});
    const fn = synth.stack.server.functions.register;
    return { synth, env: synth.resources[synth.logicalId(fn)].Properties.Environment.Variables as Record<string, string> };
  };

  it('deploys POST /oauth/register as its own function, with registration off by default', () => {
    const { synth, env } = registerEnv();
    expect(env[ENV.registration]).toBe('off');
    expect(env[ENV.cimdAllowedHosts]).toBe('');
    const routes = Object.values(synth.resources).filter((r: Json) => r.Type === 'AWS::ApiGatewayV2::Route').map((r: Json) => r.Properties.RouteKey);
    expect(routes).toContain(`${ROUTE.register.method} ${ROUTE.register.path}`);
  });

  it('turns registration on and limits document hosts from context (-c registration=token -c clientMetadataDocumentHosts=…)', () => {
    const { env } = registerEnv({ registration: 'token', clientMetadataDocumentHosts: '*.example.com apps.example.org' });
    expect(env[ENV.registration]).toBe('token');
    expect(env[ENV.cimdAllowedHosts]).toBe('*.example.com apps.example.org');
  });

  it('refuses a registration setting it does not know, naming it', () => {
    expect(() => registerEnv({ registration: 'yes' })).toThrow(/registration \(context\) must be off, open or token, got "yes"/);
  });
});
