import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config.js';
import { ConnectAuthServer } from '../constructs/connect-auth-server.js';
import type { ConnectAuthServerProps } from '../constructs/props.js';
import { serverPropsFromContext } from './context.js';

export interface ConnectStackProps extends StackProps {
  /** Default: read from CDK context (`-c domainName=...`, see infra/stacks/context.ts). */
  readonly server?: ConnectAuthServerProps;
}

/** The deployable unit of `npx cdk deploy`: one ConnectAuthServer and the outputs a user needs next. */
export class ConnectStack extends Stack {
  readonly server: ConnectAuthServer;

  constructor(scope: Construct, id: string, props: ConnectStackProps = {}) {
    super(scope, id, {
      description: 'Connect: serverless OAuth 2.0 authorization server',
      ...props,
    });
    const server = props.server ?? serverPropsFromContext(this);
    this.server = new ConnectAuthServer(this, 'Connect', server);

    new CfnOutput(this, 'IssuerUrl', { value: this.server.issuer, description: 'OAuth issuer (RFC 8414); metadata at /.well-known/oauth-authorization-server' });
    new CfnOutput(this, 'JwksUrl', { value: this.server.jwksUrl, description: 'Public signing keys, for resource servers' });
    new CfnOutput(this, 'Audience', { value: this.server.audience, description: 'aud of the access tokens' });
    new CfnOutput(this, 'TableName', { value: this.server.table.table.tableName, description: 'TABLE_NAME for the admin CLI' });
    new CfnOutput(this, 'Region', { value: Aws.REGION, description: 'AWS_REGION for the admin CLI' });
    new CfnOutput(this, 'KmsKeyArn', { value: this.server.signingKeyProtection.keyArn, description: 'KMS_KEY_ID for the admin CLI' });
    // One line to export before `npm run connect -- ...`: the CLI then reads and writes the
    // deployed table, and seals or signs with the deployed KMS key (keys:rotate, token:create).
    const cli = {
      [ENV.tableName]: this.server.table.table.tableName,
      [ENV.region]: Aws.REGION,
      [ENV.keyProtector]: 'kms',
      [ENV.kmsKeyId]: this.server.signingKeyProtection.keyArn,
      [ENV.issuer]: this.server.issuer,
      [ENV.audience]: this.server.audience,
    };
    new CfnOutput(this, 'CliEnvironment', {
      value: Object.entries(cli).map(([name, value]) => `${name}=${value}`).join(' '),
      description: 'export these before running the admin CLI against this deployment',
    });
    const domainTarget = this.server.edge
      ? this.server.edge.distribution.distributionDomainName
      : this.server.httpApi.domainName?.regionalDomainName;
    if (server.domain && domainTarget) {
      new CfnOutput(this, 'DomainTarget', { value: domainTarget, description: `CNAME target for ${server.domain.domainName}` });
    }
  }
}
