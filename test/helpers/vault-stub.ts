import type { VaultPort } from '../../src/cases/vault-port.js';
import type { ItemRepository } from '../../src/vault/item-repository.js';

/** The vault as case records see it, backed by the item table only: anything else throws. */
export function itemsOnlyVault(items: ItemRepository): VaultPort {
  const notStubbed = (name: string) => () => {
    throw new Error(`VaultPort.${name} is not stubbed in this test`);
  };
  return {
    byId: (id) => items.byId(id),
    sourcesOf: notStubbed('sourcesOf'),
    batches: notStubbed('batches'),
    verifications: notStubbed('verifications'),
    derivedViews: notStubbed('derivedViews'),
    readRange: notStubbed('readRange'),
  };
}
