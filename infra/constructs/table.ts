import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/routes.js';
import { TABLE_SCHEMA } from '../../functions/store/schema.js';

export interface ConnectTableProps {
  /** Default: RETAIN, with deletion protection. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table (SPEC §7), shaped by the same TABLE_SCHEMA as the local store and the tests,
 * so the deployed keys, TTL attribute and GSIs cannot drift from what the code queries.
 */
export class ConnectTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ConnectTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      // On-demand: an auth server's load follows its users' traffic, spiky and unknown up front.
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Users, clients and keys are not recreatable: deleting the table needs a deliberate step.
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });
    for (const index of TABLE_SCHEMA.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }

  /**
   * Exactly the actions a function performs (its FUNCTIONS entry), on the table ARN; Query
   * also on the ARN of each index it lists and no other — never `index/*`.
   */
  grantFor(grantee: IGrantable, spec: Pick<FunctionSpec, 'dynamodb' | 'indexes'>): void {
    if (spec.dynamodb.length === 0) return;
    Grant.addToPrincipal({ grantee, actions: [...spec.dynamodb], resourceArns: [this.table.tableArn] });
    if (spec.indexes.length === 0) return;
    if (!spec.dynamodb.includes('dynamodb:Query')) {
      throw new Error(`A function lists indexes ${spec.indexes.join(', ')} but not dynamodb:Query`);
    }
    const known: readonly string[] = TABLE_SCHEMA.indexes.map((index) => index.indexName);
    const unknown = spec.indexes.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new Error(`Unknown index ${unknown.join(', ')}: not in TABLE_SCHEMA`);
    Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: spec.indexes.map((name) => `${this.table.tableArn}/index/${name}`),
    });
  }
}
