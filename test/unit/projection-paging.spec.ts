import { linkHeader } from '../../src/tmf/paging';
import { project } from '../../src/tmf/projection';
import { query } from './helpers';

const customer = {
  id: '0190f5c2-7a3b-7c4d-8e5f-0123456789ab',
  href: 'https://api.test/tmf-api/customerManagement/v4/customer/0190f5c2-7a3b-7c4d-8e5f-0123456789ab',
  '@type': 'Customer',
  name: 'Acme',
  status: 'Approved',
  engagedParty: { id: 'org-1', name: 'Acme Holding', '@referredType': 'Organization' },
  relatedParty: [
    { id: '42', role: 'AccountManager', '@referredType': 'Individual' },
    { id: '43', role: 'Owner', '@referredType': 'Individual' },
  ],
  contactMedium: [
    { mediumType: 'email', characteristic: { emailAddress: 'a@acme.test', city: 'Paris' } },
    { mediumType: 'phone', characteristic: { phoneNumber: '+33 1' } },
  ],
  validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
};

/** The projection for a raw `fields` value, parsed as the API does. */
const fields = (raw: string) => query(`fields=${raw}`).fields;

describe('project (TMF630 attribute selection)', () => {
  it('without fields returns the resource unchanged', () => {
    expect(project(customer, undefined)).toBe(customer);
    expect(project(customer, fields('*'))).toBe(customer);
  });

  it('keeps the requested attributes plus id, href and @type', () => {
    expect(project(customer, fields('name'))).toEqual({ id: customer.id, href: customer.href, '@type': 'Customer', name: 'Acme' });
  });

  it('keeps id, href and @type even when only other attributes are asked for', () => {
    const out = project(customer, fields('status'));
    expect(Object.keys(out).sort()).toEqual(['@type', 'href', 'id', 'status']);
  });

  it('keeps the source order of attributes', () => {
    expect(Object.keys(project(customer, fields('status,name')))).toEqual(['id', 'href', '@type', 'name', 'status']);
  });

  it('omits requested attributes that the resource does not have, and never invents id / href / @type', () => {
    expect(project({ name: 'x' }, fields('status'))).toEqual({});
    expect(project({ name: 'x', status: 's' }, fields('status'))).toEqual({ status: 's' });
  });

  it('a whole object or array when its name is asked for', () => {
    const out = project(customer, fields('engagedParty,relatedParty'));
    expect(out.engagedParty).toEqual(customer.engagedParty);
    expect(out.relatedParty).toEqual(customer.relatedParty);
  });

  it('a nested path keeps only that sub-attribute', () => {
    expect(project(customer, fields('validFor.startDateTime')).validFor).toEqual({ startDateTime: '2024-01-01T00:00:00.000Z' });
  });

  it('several paths into the same object are merged', () => {
    expect(project(customer, fields('engagedParty.id,engagedParty.name')).engagedParty).toEqual({ id: 'org-1', name: 'Acme Holding' });
  });

  it('a nested path through an array applies to every element', () => {
    expect(project(customer, fields('relatedParty.id')).relatedParty).toEqual([{ id: '42' }, { id: '43' }]);
  });

  it('id / href / @type are only forced at the top level, not inside nested objects', () => {
    const out = project(customer, fields('relatedParty.role'));
    expect(out.relatedParty).toEqual([{ role: 'AccountManager' }, { role: 'Owner' }]);
  });

  it('a path through an array and then an object', () => {
    expect(project(customer, fields('contactMedium.characteristic.city')).contactMedium).toEqual([{ characteristic: { city: 'Paris' } }, { characteristic: {} }]);
  });

  it('a whole attribute wins over one of its sub-paths', () => {
    expect(project(customer, fields('relatedParty.id,relatedParty')).relatedParty).toEqual(customer.relatedParty);
  });

  it('keeps null values and scalars found on a nested path', () => {
    const doc = { id: '1', validFor: null, relatedParty: ['not-an-object'] };
    expect(project(doc, [['validFor', 'startDateTime'], ['relatedParty', 'id']])).toEqual({ id: '1', validFor: null, relatedParty: ['not-an-object'] });
  });

  it('does not modify the resource', () => {
    const copy = structuredClone(customer);
    project(customer, fields('relatedParty.id,validFor.startDateTime'));
    expect(customer).toEqual(copy);
  });
});

/** rel -> URL of a Link header. */
function links(header: string | undefined): Record<string, string> {
  if (header === undefined) throw new Error('no Link header');
  const out: Record<string, string> = {};
  for (const part of header.split(', ')) {
    const m = /^<([^>]*)>; rel="([a-z]+)"$/.exec(part);
    if (!m) throw new Error(`malformed link '${part}' in '${header}'`);
    expect(out[m[2]]).toBeUndefined();
    out[m[2]] = m[1];
  }
  return out;
}

/** rel -> offset of each link (the limit is checked separately). */
function offsets(header: string | undefined): Record<string, number> {
  if (header === undefined) throw new Error('no Link header');
  return Object.fromEntries(
    Object.entries(links(header)).map(([rel, url]) => {
      const m = /[?&]offset=(\d+)&limit=\d+$/.exec(url);
      if (!m) throw new Error(`no offset/limit at the end of ${url}`);
      return [rel, Number(m[1])];
    }),
  );
}

const BASE = 'https://api.test/tmf-api/customerManagement/v4/customer';

describe('linkHeader (RFC 8288 paging links)', () => {
  it('is left out when a very long filter would make it larger than 8 KB', () => {
    const longQuery = `id=${Array.from({ length: 100 }, (_, i) => `0190a0a0-0000-7000-8000-${String(i).padStart(12, '0')}`).join(',')}`;
    expect(linkHeader(BASE, longQuery, 0, 10, 50)).toBeUndefined();
    expect(linkHeader(BASE, longQuery.slice(0, 1000), 0, 10, 50)).toContain('rel="next"');
  });

  describe('rels and offsets', () => {
    it('first page of several: self, first, next, last (no prev)', () => {
      expect(offsets(linkHeader(BASE, '', 0, 100, 1000))).toEqual({ self: 0, first: 0, next: 100, last: 900 });
    });

    it('a middle page: prev and next step by the limit', () => {
      expect(offsets(linkHeader(BASE, '', 250, 100, 1000))).toEqual({ self: 250, first: 0, prev: 150, next: 350, last: 900 });
    });

    it('the last page has no next', () => {
      expect(offsets(linkHeader(BASE, '', 900, 100, 1000))).toEqual({ self: 900, first: 0, prev: 800, last: 900 });
    });

    it('prev never goes below 0', () => {
      expect(offsets(linkHeader(BASE, '', 30, 100, 1000))).toMatchObject({ prev: 0 });
    });

    it('an offset past the end: prev is the last full page, no next', () => {
      expect(offsets(linkHeader(BASE, '', 5000, 100, 1000))).toEqual({ self: 5000, first: 0, prev: 900, last: 900 });
    });

    it('last is the start of the last page', () => {
      expect(offsets(linkHeader(BASE, '', 0, 100, 200)).last).toBe(100);
      expect(offsets(linkHeader(BASE, '', 0, 100, 201)).last).toBe(200);
      expect(offsets(linkHeader(BASE, '', 0, 10, 1)).last).toBe(0);
      expect(offsets(linkHeader(BASE, '', 0, 3, 10))).toEqual({ self: 0, first: 0, next: 3, last: 9 });
    });

    it('an exact single page: no prev, no next', () => {
      expect(offsets(linkHeader(BASE, '', 0, 100, 100))).toEqual({ self: 0, first: 0, last: 0 });
    });

    it('an empty collection: self, first and last at 0', () => {
      expect(offsets(linkHeader(BASE, '', 0, 100, 0))).toEqual({ self: 0, first: 0, last: 0 });
    });

    it('limit=0 (count only): only self and first', () => {
      expect(offsets(linkHeader(BASE, '', 20, 0, 1000))).toEqual({ self: 20, first: 0 });
    });

    it('every link carries the limit', () => {
      for (const url of Object.values(links(linkHeader(BASE, '', 250, 100, 1000)))) expect(url.endsWith('&limit=100')).toBe(true);
    });
  });

  describe('URLs', () => {
    it('without other parameters: base?offset=&limit=', () => {
      expect(linkHeader(BASE, '', 0, 10, 5)).toBe(
        `<${BASE}?offset=0&limit=10>; rel="self", <${BASE}?offset=0&limit=10>; rel="first", <${BASE}?offset=0&limit=10>; rel="last"`,
      );
    });

    it('keeps the other query parameters byte for byte, in order, before offset and limit', () => {
      const raw = 'status=Approved,Validated&name%3E%3DM&fields=name,relatedParty.id&relatedParty.id=a%2Cb&sort=-name&x=%20+y';
      const l = links(linkHeader(BASE, `offset=10&${raw}&limit=10`, 10, 10, 100));
      expect(l.next).toBe(`${BASE}?${raw}&offset=20&limit=10`);
      expect(l.self).toBe(`${BASE}?${raw}&offset=10&limit=10`);
    });

    it('an OR list stays an OR list (a,b does not become a%2Cb)', () => {
      const header = linkHeader(BASE, 'status=a,b', 0, 1, 2);
      expect(header).toContain('status=a,b&');
      expect(header).not.toContain('%2C');
    });

    it('drops the request offset and limit (with or without a value), whatever their position', () => {
      const l = links(linkHeader(BASE, 'limit=5&name=x&offset=3&offset&limit', 3, 5, 100));
      expect(l.self).toBe(`${BASE}?name=x&offset=3&limit=5`);
    });

    it('keeps parameters that only start with offset / limit', () => {
      expect(links(linkHeader(BASE, 'offsetX=1&limits=2', 0, 5, 1)).self).toBe(`${BASE}?offsetX=1&limits=2&offset=0&limit=5`);
    });

    it('ignores empty parameters', () => {
      expect(links(linkHeader(BASE, '&&name=x&', 0, 5, 1)).self).toBe(`${BASE}?name=x&offset=0&limit=5`);
    });
  });
});
