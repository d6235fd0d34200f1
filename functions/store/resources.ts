/**
 * Registered resources (RFC 8707) as items, keyed by their URI, and listed through gsi2. A
 * token request reads the one it names with `resourceRead` in its batch, beside the client.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Read, Resource, ResourceRepository } from '../oauth/ports.js';
import { queryListing, type TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { ItemType, keys, listedIn, listing } from './keys.js';

type Item = Record<string, unknown>;

export function resourceToItem(resource: Resource): Item {
  return {
    ...keys.resource(resource.uri),
    type: ItemType.resource,
    ...resource,
    ...listedIn(listing.resources, resource.createdAt, resource.uri),
  };
}

export function itemToResource(item: Item | undefined): Resource | undefined {
  if (!item || item.type !== ItemType.resource) return undefined;
  return {
    uri: item.uri as string,
    name: (item.name as string) ?? '',
    scopes: (item.scopes as string[] | null) ?? null,
    createdAt: item.createdAt as number,
  };
}

/** The batch's read descriptor of a registered resource, by its URI. */
export const resourceRead = (uri: string): Read<Resource | undefined> => ({ key: keys.resource(uri), fromItem: itemToResource });

export class DynamoResourceRepository implements ResourceRepository {
  constructor(private readonly table: TableRef) {}

  list(): Promise<Resource[]> {
    return queryListing(this.table, listing.resources, itemToResource);
  }

  async create(resource: Resource): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new PutCommand({ TableName: this.table.tableName, Item: resourceToItem(resource), ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
  }
}
