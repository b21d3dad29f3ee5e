// A realistic TMF620 catalog built through the API: what the round-trip and idempotence tests export and import.
import { TestApp } from '../support/test-app';
import { create, Doc, mergePatch } from './transfer-helpers';

const PERIOD = { startDateTime: '2025-01-01T00:00:00.000Z', endDateTime: '2030-12-31T23:59:59.000Z' };

export interface BuiltCatalog {
  specs: { fibre: Doc; tv: Doc; bundle: Doc };
  prices: { discount: Doc; monthly: Doc; setup: Doc; usage: Doc; bundle: Doc };
  categories: { root: Doc; broadband: Doc; entertainment: Doc };
  offerings: { fibre: Doc; tv: Doc; bundle: Doc };
  catalog: Doc;
  /** How many resources the catalog has in all. */
  count: number;
}

/**
 * Specifications with characteristics and a bundle; recurring, one-time, usage, discount and bundle prices (the
 * discount listed in the monthly price's popRelationship); categories with a parent; offerings incl. a bundle and
 * an inline price; a catalog. Some resources are patched after creation, so their lastUpdate moved.
 */
export async function buildCatalog(t: TestApp): Promise<BuiltCatalog> {
  const fibre = await create(t, 'productSpecification', {
    name: 'Fibre Internet',
    brand: 'Acme Net',
    productNumber: 'FIB-1000',
    version: '2.1',
    description: 'Symmetric fibre access',
    lifecycleStatus: 'Launched',
    validFor: PERIOD,
    relatedParty: [{ id: 'party-7', role: 'Owner', name: 'Acme Product Team', '@referredType': 'Organization' }],
    attachment: [{ name: 'Datasheet', attachmentType: 'datasheet', mimeType: 'application/pdf', url: 'https://docs.example.com/fibre.pdf' }],
    productSpecCharacteristic: [
      {
        name: 'downloadSpeed',
        valueType: 'number',
        configurable: true,
        minCardinality: 1,
        maxCardinality: 1,
        productSpecCharacteristicValue: [
          { valueType: 'number', value: 500, unitOfMeasure: 'Mbit/s', isDefault: true },
          { valueType: 'number', value: 1000, unitOfMeasure: 'Mbit/s', isDefault: false },
        ],
      },
      { name: 'router', valueType: 'string', configurable: false, productSpecCharacteristicValue: [{ valueType: 'string', value: 'FritzBox 7590' }] },
    ],
    '@type': 'ProductSpecification',
  });
  const tv = await create(t, 'productSpecification', {
    name: 'IPTV',
    lifecycleStatus: 'Active',
    productSpecCharacteristic: [{ name: 'channels', valueType: 'integer', productSpecCharacteristicValue: [{ valueFrom: 50, valueTo: 200, rangeInterval: 'closed' }] }],
  });
  const bundleSpec = await create(t, 'productSpecification', {
    name: 'Fibre + TV bundle',
    isBundle: true,
    lifecycleStatus: 'In design',
    bundledProductSpecification: [{ id: fibre.id, name: 'Fibre Internet' }, { id: tv.id }],
    productSpecificationRelationship: [{ id: fibre.id, relationshipType: 'dependency' }],
  });

  const discount = await create(t, 'productOfferingPrice', { name: '20% off for 6 months', priceType: 'discount', percentage: 20, lifecycleStatus: 'Launched' });
  const monthly = await create(t, 'productOfferingPrice', {
    name: 'Fibre monthly fee',
    priceType: 'recurring',
    price: { unit: 'EUR', value: 39.99 },
    recurringChargePeriodType: 'month',
    recurringChargePeriodLength: 1,
    lifecycleStatus: 'Launched',
    validFor: PERIOD,
    popRelationship: [{ id: discount.id, relationshipType: 'discount', name: '20% off' }],
    tax: [{ taxCategory: 'VAT', taxRate: 0.19, taxAmount: { unit: 'EUR', value: 7.6 } }],
  });
  const setup = await create(t, 'productOfferingPrice', { name: 'Installation', priceType: 'one time', price: { unit: 'EUR', value: 49 }, lifecycleStatus: 'Launched' });
  const usage = await create(t, 'productOfferingPrice', {
    name: 'Extra traffic',
    priceType: 'usage',
    price: { unit: 'EUR', value: 0.05 },
    unitOfMeasure: { amount: 1, units: 'GB' },
  });
  const bundlePrice = await create(t, 'productOfferingPrice', {
    name: 'Bundle price',
    isBundle: true,
    priceType: 'recurring',
    bundledPopRelationship: [{ id: monthly.id }, { id: setup.id }],
  });

  const root = await create(t, 'category', { name: 'All products', isRoot: true, lifecycleStatus: 'Launched' });
  const broadband = await create(t, 'category', { name: 'Broadband', parentId: root.id, isRoot: false, validFor: PERIOD });
  const entertainment = await create(t, 'category', { name: 'Entertainment', parentId: root.id });

  const fibreOffer = await create(t, 'productOffering', {
    name: 'Fibre 500',
    description: 'Fibre with 500 Mbit/s',
    lifecycleStatus: 'Launched',
    isSellable: true,
    version: '1.0',
    validFor: PERIOD,
    productSpecification: { id: fibre.id, name: 'Fibre Internet', version: '2.1' },
    productOfferingPrice: [{ id: monthly.id, name: 'Fibre monthly fee' }, { id: setup.id }, { id: usage.id }],
    category: [{ id: broadband.id, name: 'Broadband' }],
    prodSpecCharValueUse: [
      { name: 'downloadSpeed', valueType: 'number', productSpecification: { id: fibre.id }, productSpecCharacteristicValue: [{ value: 500, isDefault: true }] },
    ],
    marketSegment: [{ id: 'seg-smb', name: 'Small business' }],
    channel: [{ id: 'web', name: 'Web shop' }],
    productOfferingTerm: [{ name: '12 months', duration: { amount: 12, units: 'month' } }],
  });
  const tvOffer = await create(t, 'productOffering', {
    name: 'TV Basic',
    lifecycleStatus: 'In design',
    isSellable: false,
    productSpecification: { id: tv.id },
    productOfferingPrice: [{ name: 'TV monthly', priceType: 'recurring', price: { taxIncludedAmount: { unit: 'EUR', value: 15 } } }],
    category: [{ id: entertainment.id }],
  });
  const bundleOffer = await create(t, 'productOffering', {
    name: 'Fibre + TV',
    isBundle: true,
    lifecycleStatus: 'Active',
    productSpecification: { id: bundleSpec.id },
    productOfferingPrice: [{ id: bundlePrice.id }],
    bundledProductOffering: [{ id: fibreOffer.id, bundledProductOfferingOption: { numberRelOfferDefault: 1, numberRelOfferLowerLimit: 1 } }, { id: tvOffer.id }],
    productOfferingRelationship: [{ id: tvOffer.id, relationshipType: 'requires' }],
    category: [{ id: root.id }],
  });

  // categories list their offerings and sub-categories once those exist: patched, so lastUpdate differs from creation
  const rootPatched = await mergePatch(t, 'category', root.id, { subCategory: [{ id: broadband.id }, { id: entertainment.id }], productOffering: [{ id: bundleOffer.id }] });
  const broadbandPatched = await mergePatch(t, 'category', broadband.id, { productOffering: [{ id: fibreOffer.id }] });
  const catalog = await create(t, 'catalog', {
    name: 'Residential 2025',
    catalogType: 'productCatalog',
    version: '2025.1',
    lifecycleStatus: 'Launched',
    validFor: PERIOD,
    category: [{ id: root.id, name: 'All products' }],
    relatedParty: [{ id: 'party-7', role: 'Owner', '@referredType': 'Organization' }],
  });
  return {
    specs: { fibre, tv, bundle: bundleSpec },
    prices: { discount, monthly, setup, usage, bundle: bundlePrice },
    categories: { root: rootPatched, broadband: broadbandPatched, entertainment },
    offerings: { fibre: fibreOffer, tv: tvOffer, bundle: bundleOffer },
    catalog,
    count: 15,
  };
}
