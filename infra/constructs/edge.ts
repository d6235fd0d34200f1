import { Aws, CfnRule, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ARecord, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct, type IConstruct } from 'constructs';
import { EDGE_HEADERS } from '../../functions/http/client-address.js';
import type { CustomDomainProps, WafProps } from './props.js';
import { ROUTE } from '../../functions/routes.js';

export interface ConnectEdgeProps {
  readonly api: IHttpApi;
  readonly waf: WafProps;
  readonly domain?: CustomDomainProps;
}

/** The paths where guessing pays: passwords and client secrets (SPEC §4), and device user codes (RFC 8628 §5.1). */
export const RATE_LIMITED_PATHS = [ROUTE.token.path, ROUTE.login.path, ROUTE.device.path] as const;

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * CloudFront + AWS WAF in front of the HTTP API (WAF cannot attach to HTTP APIs): a per-IP
 * rate limit on the credential-guessing paths plus a broad per-IP limit on everything. The
 * execute-api address stays reachable — CloudFront needs it as its origin — so stage
 * throttling remains the backstop for callers who bypass CloudFront.
 */
export class ConnectEdge extends Construct {
  readonly distribution: Distribution;
  readonly webAclArn: string;
  /**
   * Added by CloudFront to every origin request (EDGE_HEADERS.secret) and given to the
   * functions, so they believe the viewer address only on requests that came through
   * CloudFront: the stack's own id (a UUID no caller sees), not a value kept in the template.
   */
  readonly originSecret: string;

  constructor(scope: Construct, id: string, props: ConnectEdgeProps) {
    super(scope, id);
    this.originSecret = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    // The viewer's address, written by CloudFront itself: whatever a client sent under this
    // name is overwritten, so the per-address lockout keys on the real viewer (http/client-address.ts).
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      comment: 'Connect: forwards the viewer address to the origin',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        `function handler(event) { event.request.headers['${EDGE_HEADERS.viewerAddress}'] = { value: event.viewer.ip }; return event.request; }`,
      ),
    });
    this.webAclArn = props.waf.webAclArn ?? this.createWebAcl(props.waf.sensitivePathLimit ?? 300);
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Connect OAuth 2.0 authorization server',
      defaultBehavior: {
        origin: new HttpOrigin(`${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          customHeaders: { [EDGE_HEADERS.secret]: this.originSecret },
        }),
        functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Every answer is per client (tokens, sessions); the functions set their own Cache-Control.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // execute-api routes on its own Host header; everything else (cookies, Authorization) goes through.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // RFC 6749 §3.2 needs TLS: an http request is refused, not redirected after its body was sent.
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      },
      webAclId: this.webAclArn,
      domainNames: props.domain ? [props.domain.domainName] : undefined,
      certificate: props.domain?.certificate,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    if (props.domain?.hostedZone) {
      new ARecord(this, 'Alias', {
        zone: props.domain.hostedZone,
        recordName: props.domain.domainName,
        target: RecordTarget.fromAlias(new CloudFrontTarget(this.distribution)),
      });
    }
    suppressDistributionFindings(this.distribution, props.domain !== undefined);
  }

  private createWebAcl(limit: number): string {
    // AWS accepts CLOUDFRONT-scoped ACLs only in us-east-1: fail the deployment early elsewhere.
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`waf needs the stack in us-east-1 (it is in ${region}), or webAclArn of an ACL made there`);
    }
    new CfnRule(this, 'WebAclRegion', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription: 'With waf on, deploy Connect in us-east-1, or pass webAclArn of an ACL made there.',
        },
      ],
    });
    const path = (searchString: string) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('connect'),
      rules: [
        {
          name: 'credential-paths-per-ip',
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility('connect-credential-paths'),
          statement: {
            rateBasedStatement: {
              limit,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: { orStatement: { statements: RATE_LIMITED_PATHS.map(path) } },
            },
          },
        },
        {
          name: 'all-paths-per-ip',
          priority: 1,
          action: { block: {} },
          visibilityConfig: visibility('connect-all-paths'),
          statement: { rateBasedStatement: { limit: limit * 10, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
        },
      ],
    });
    return acl.attrArn;
  }
}

function suppressDistributionFindings(distribution: IConstruct, customDomain: boolean): void {
  Validations.of(distribution).acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason: 'An authorization server serves its clients wherever they are; blocking countries is the operator\'s call, not a default.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason: 'Every request CloudFront forwards is logged by the HTTP API access log; a second log would need an S3 bucket with ACLs enabled for nothing new.',
    },
    ...(customDomain
      ? []
      : [
          {
            id: 'AwsSolutions-CFR4',
            reason: 'Without a custom domain CloudFront serves its default certificate, whose TLS policy cannot be raised; with one, TLS 1.2 (2021) is the minimum.',
          },
        ]),
  );
}
