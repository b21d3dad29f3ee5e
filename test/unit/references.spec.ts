import { CATEGORY, PRODUCT_OFFERING, PRODUCT_OFFERING_PRICE, PRODUCT_SPECIFICATION } from '../../src/catalog/catalog.resources';
import { collectReferences } from '../../src/tmf/resource/references';

describe('collectReferences', () => {
  it('finds references in objects, arrays and nested arrays, with where they were found', () => {
    const doc = {
      productSpecification: { id: 's1' },
      productOfferingPrice: [{ id: 'p1' }, { name: 'inline price, no id' }],
      category: [{ id: 'c1', href: 'https://given/c1' }],
      prodSpecCharValueUse: [{ name: 'speed' }, { name: 'sla', productSpecification: { id: 's2' } }],
      bundledProductOffering: [{ id: 'o1' }],
    };
    const { found, missingIds } = collectReferences(PRODUCT_OFFERING, doc);
    expect(found.map((f) => [f.at, f.id, f.rule.target().type])).toEqual([
      ['productSpecification', 's1', 'ProductSpecification'],
      ['productOfferingPrice[0]', 'p1', 'ProductOfferingPrice'],
      ['category[0]', 'c1', 'Category'],
      ['bundledProductOffering[0]', 'o1', 'ProductOffering'],
      ['prodSpecCharValueUse[1].productSpecification', 's2', 'ProductSpecification'],
    ]);
    expect(missingIds).toEqual([]);
    // the holder is the reference object itself, so the service can fill in its href
    expect(found[0].holder).toBe(doc.productSpecification);
  });

  it('reports reference objects that must name an id but do not', () => {
    const { found, missingIds } = collectReferences(PRODUCT_OFFERING_PRICE, { popRelationship: [{ name: 'discount' }, { id: 'd1' }] });
    expect(found.map((f) => f.id)).toEqual(['d1']);
    expect(missingIds).toEqual(['popRelationship[0]']);
  });

  it('reads id-only references (a category parentId) and ignores values of the wrong shape', () => {
    expect(collectReferences(CATEGORY, { parentId: 'c0' }).found.map((f) => [f.at, f.id, f.holder])).toEqual([['parentId', 'c0', undefined]]);
    expect(collectReferences(CATEGORY, { parentId: 7, subCategory: 'x' }).found).toEqual([]);
    expect(collectReferences(PRODUCT_SPECIFICATION, {}).found).toEqual([]);
  });
});
