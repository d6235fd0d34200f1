import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.js';
import { EDGE_HEADERS } from '../../functions/http/client-address.js';
import { RATE_LIMITED_PATHS } from '../../infra/constructs/edge.js';
import { ConnectStack } from '../../infra/stacks/connect-stack.js';
import { acknowledgedRules, openNagFindings, synthesize, type Json, type Synthesized } from './synth.js';

const CONTEXT = {
  domainName: 'auth.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/made-up',
  waf: 'true',
};

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({ env: { region: 'us-east-1' } }, { context: CONTEXT });
});

const ofType = (type: string): Json[] => Object.values(synth.resources).filter((r: Json) => r.Type === type);

describe('a deployment with WAF on', () => {
  it('keys the per-address lockout on the viewer address CloudFront writes, believed only with the deployment’s edge secret', () => {
    const [fn] = ofType('AWS::CloudFront::Function');
    expect(fn.Properties.FunctionCode).toContain(`event.request.headers['${EDGE_HEADERS.viewerAddress}'] = { value: event.viewer.ip }`);
    const [distribution] = ofType('AWS::CloudFront::Distribution');
    const behavior = distribution.Properties.DistributionConfig.DefaultCacheBehavior;
    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
    const [origin] = distribution.Properties.DistributionConfig.Origins;
    const secret = origin.CustomOriginConfig && origin.OriginCustomHeaders.find((h: Json) => h.HeaderName === EDGE_HEADERS.secret);
    expect(secret.HeaderValue).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] });
    const token = synth.resources[synth.logicalId(synth.stack.server.functions.token)].Properties.Environment.Variables;
    expect(token[ENV.edgeSecret]).toEqual(secret.HeaderValue);
    // Without CloudFront there is no secret, so no forwarded address is ever believed.
    const direct = synthesize({ env: { region: 'us-east-1' } });
    const directToken = direct.resources[direct.logicalId(direct.stack.server.functions.token)].Properties.Environment.Variables;
    expect(directToken[ENV.edgeSecret]).toBeUndefined();
  });

  it('rate-limits each client IP on /oauth/token and /oauth/login with a CloudFront-scoped web ACL', () => {
    const [acl] = ofType('AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const credentialRule = acl.Properties.Rules.find((r: Json) => r.Name === 'credential-paths-per-ip');
    expect(credentialRule).toMatchObject({ Action: { Block: {} } });
    const rate = credentialRule.Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: 300, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    const paths = rate.ScopeDownStatement.OrStatement.Statements.map((s: Json) => s.ByteMatchStatement.SearchString);
    expect(paths).toEqual([...RATE_LIMITED_PATHS]);
  });

  it('serves the domain through CloudFront with that ACL, over TLS 1.2, without caching, to the HTTP API', () => {
    const api = synth.logicalId(synth.stack.server.httpApi.api);
    synth.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['auth.example.com'],
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: CONTEXT.certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021' }),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: Match.arrayWith(['POST']) }),
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::Join': ['', [{ Ref: api }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
          }),
        ],
      }),
    });
    // CloudFront, not API Gateway, holds the domain; the API's own address stays CloudFront's origin.
    expect(ofType('AWS::ApiGatewayV2::DomainName')).toEqual([]);
    expect(synth.resources[api].Properties.DisableExecuteApiEndpoint).toBeFalsy();
  });

  it('still issues tokens as https://<domain>', () => {
    const env = synth.resources[synth.logicalId(synth.stack.server.functions.token)].Properties.Environment.Variables;
    expect(env[ENV.issuer]).toBe('https://auth.example.com');
  });

  it('leaves no cdk-nag AwsSolutions finding open, each acknowledgement with its reason', () => {
    expect(openNagFindings(synth)).toEqual([]);
    const ids = acknowledgedRules(synth).map(([id]) => id);
    expect(ids).toEqual(expect.arrayContaining(['AwsSolutions-CFR1', 'AwsSolutions-CFR3']));
    for (const [id, reason] of acknowledgedRules(synth)) expect(reason, id).toMatch(/^[A-Z].{40,}[.]$/);
  });

  it('refuses to synthesize in another region, where AWS would reject a CloudFront-scoped ACL', () => {
    const app = new App({ context: { waf: 'true' } });
    expect(() => new ConnectStack(app, 'Connect', { env: { region: 'eu-west-1' } })).toThrow(/us-east-1/);
  });
});
