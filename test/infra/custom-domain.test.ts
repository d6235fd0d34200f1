import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config.js';
import { connectJwtAuthorizer } from '../../infra/constructs/jwt-authorizer.js';
import type { ConnectStack } from '../../infra/stacks/connect-stack.js';
import { issueLikeTheServer, verifyLikeApiGateway } from './issue-token.js';
import { openNagFindings, synthesize, type Json, type Synthesized } from './synth.js';

/** What a user passes as `cdk deploy -c ...` for their own domain (docs/deploy.md). */
const CONTEXT = {
  domainName: 'auth.example.com',
  certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/made-up',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.com',
  audience: 'https://api.example.com',
  defaultScopes: 'profile email',
};

let synth: Synthesized;

function addOrdersApi(stack: ConnectStack): void {
  new HttpApi(stack, 'OrdersApi').addRoutes({
    path: '/orders',
    methods: [HttpMethod.GET],
    integration: new HttpUrlIntegration('Orders', 'https://orders.example.com/orders'),
    authorizer: connectJwtAuthorizer('Connect', stack.server),
  });
}

beforeAll(() => {
  synth = synthesize({}, { context: CONTEXT, build: addOrdersApi });
});

const ofType = (type: string): Json[] => Object.values(synth.resources).filter((r: Json) => r.Type === type);
const tokenFunctionEnv = (): Record<string, string> =>
  synth.resources[synth.logicalId(synth.stack.server.functions.token)].Properties.Environment.Variables;

describe('a deployment on a custom domain', () => {
  it('issues tokens as https://<domain> for the configured audience and default scopes', () => {
    expect(tokenFunctionEnv()).toMatchObject({
      [ENV.issuer]: 'https://auth.example.com',
      [ENV.audience]: 'https://api.example.com',
      [ENV.defaultScopes]: 'profile email',
    });
  });

  it('maps the domain to the API with its certificate and an alias record, and closes the execute-api address', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'auth.example.com',
      DomainNameConfigurations: [{ CertificateArn: CONTEXT.certificateArn, EndpointType: 'REGIONAL' }],
    });
    expect(ofType('AWS::ApiGatewayV2::ApiMapping')).toHaveLength(1);
    synth.template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'auth.example.com.', Type: 'A', HostedZoneId: CONTEXT.hostedZoneId });
    const connectApi = synth.resources[synth.logicalId(synth.stack.server.httpApi.api)];
    expect(connectApi.Properties.DisableExecuteApiEndpoint).toBe(true);
  });

  it('outputs the issuer and JWKS URLs on the domain', () => {
    const outputs = synth.template.findOutputs('*');
    expect(outputs.IssuerUrl!.Value).toBe('https://auth.example.com');
    expect(outputs.JwksUrl!.Value).toBe('https://auth.example.com/oauth/jwks');
    expect(outputs.DomainTarget).toBeDefined();
  });

  it('gives resource servers a JWT authorizer that accepts the tokens the server issues', async () => {
    const [authorizer] = ofType('AWS::ApiGatewayV2::Authorizer');
    const jwt = authorizer.Properties.JwtConfiguration;
    expect(jwt).toEqual({ Issuer: 'https://auth.example.com', Audience: ['https://api.example.com'] });
    const env = { ...tokenFunctionEnv(), [ENV.tableName]: 'Connect-Table', [ENV.kmsKeyId]: 'arn:aws:kms:eu-west-1:111122223333:key/made-up' };
    const claims = await verifyLikeApiGateway(await issueLikeTheServer(env, 'auth.example.com'), jwt);
    expect(claims).toMatchObject({ iss: 'https://auth.example.com', aud: 'https://api.example.com' });
  });

  it('leaves no cdk-nag AwsSolutions finding open in the Connect resources', () => {
    // Connect's construct only: the orders API of this test is the user's, with its own findings.
    expect(openNagFindings(synth, synth.stack.server)).toEqual([]);
  });
});
