import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { ScopeCatalogue, ScopeRepository } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import type { CatalogueCache } from './catalogue-cache.js';
import { ItemType, keys } from './keys.js';

export function catalogueFromItem(item: Record<string, unknown> | undefined): ScopeCatalogue {
  const scopes = (item?.scopes as Record<string, { description: string }> | undefined) ?? {};
  return new Map(Object.entries(scopes).map(([name, s]) => [name, s.description]));
}

export class DynamoScopeRepository implements ScopeRepository {
  constructor(
    private readonly table: TableRef,
    /** The container's cached catalogue: a scope created here is seen at once. */
    private readonly cache?: CatalogueCache,
  ) {}

  async catalogue(): Promise<ScopeCatalogue> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.scopeCatalogue(), ConsistentRead: true }),
    );
    return catalogueFromItem(out.Item);
  }

  async create(name: string, description: string): Promise<boolean> {
    const entry = { description, createdAt: nowSeconds() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.scopeCatalogue(),
            UpdateExpression: 'SET scopes.#name = :entry',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(scopes.#name)',
            ExpressionAttributeNames: { '#name': name },
            ExpressionAttributeValues: { ':entry': entry },
          }),
        );
        this.cache?.invalidate();
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Either the scope exists, or the catalogue item does not yet: tell which.
      const current = await this.catalogue();
      if (current.has(name)) return false;
      try {
        await this.table.doc.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: { ...keys.scopeCatalogue(), type: ItemType.scopeCatalogue, scopes: { [name]: entry } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        this.cache?.invalidate();
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // created meanwhile: try the update again
      }
    }
    throw new Error('scope catalogue kept changing; try again');
  }
}

/** The batch's read descriptor of the scope catalogue (one item). */
export const catalogueRead = (): Read<ScopeCatalogue> => ({ key: keys.scopeCatalogue(), fromItem: catalogueFromItem });
