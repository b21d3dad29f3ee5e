import { applyPatchBody, JSON_PATCH, MERGE_PATCH, mediaType } from '../../src/tmf/patch';
import { expectTmfError } from './helpers';

const current = () => ({
  id: '0190f5c2-7a3b-7c4d-8e5f-0123456789ab',
  name: 'Acme',
  status: 'Approved',
  engagedParty: { id: 'org-1', name: 'Acme Holding', '@referredType': 'Organization' },
  relatedParty: [
    { id: '42', role: 'AccountManager' },
    { id: '43', role: 'Owner' },
  ],
  validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
});

describe('mediaType', () => {
  it('drops parameters, trims and lower-cases', () => {
    expect(mediaType('Application/Merge-Patch+JSON; charset=utf-8')).toBe(MERGE_PATCH);
    expect(mediaType(' application/json-patch+json ')).toBe(JSON_PATCH);
    expect(mediaType(undefined)).toBe('');
  });
});

describe('applyPatchBody', () => {
  describe('merge patch (RFC 7396)', () => {
    it('replaces scalars and adds attributes', () => {
      expect(applyPatchBody(current(), { status: 'Validated', statusReason: 'checked' }, MERGE_PATCH)).toEqual({
        ...current(),
        status: 'Validated',
        statusReason: 'checked',
      });
    });

    it('null deletes an attribute (and deleting an absent one is a no-op)', () => {
      const out = applyPatchBody(current(), { status: null, nope: null }, MERGE_PATCH);
      expect(out).not.toHaveProperty('status');
      expect(out).not.toHaveProperty('nope');
      expect(out.name).toBe('Acme');
    });

    it('merges nested objects, deleting nested attributes with null', () => {
      const out = applyPatchBody(current(), { engagedParty: { name: 'New Holding', '@referredType': null }, validFor: { endDateTime: null } }, MERGE_PATCH);
      expect(out.engagedParty).toEqual({ id: 'org-1', name: 'New Holding' });
      expect(out.validFor).toEqual({ startDateTime: '2024-01-01T00:00:00.000Z' });
    });

    it('replaces arrays as a whole', () => {
      const out = applyPatchBody(current(), { relatedParty: [{ id: '99' }] }, MERGE_PATCH);
      expect(out.relatedParty).toEqual([{ id: '99' }]);
    });

    it('drops nulls inside a new object', () => {
      const out = applyPatchBody(current(), { newObj: { a: 1, b: null, c: { d: null } } }, MERGE_PATCH);
      expect(out.newObj).toEqual({ a: 1, c: {} });
    });

    it('an empty patch changes nothing', () => {
      expect(applyPatchBody(current(), {}, MERGE_PATCH)).toEqual(current());
    });

    it('application/json is treated as a merge patch (parameters and case ignored)', () => {
      const body = { status: null, engagedParty: { name: 'X' }, relatedParty: [] };
      const expected = applyPatchBody(current(), body, MERGE_PATCH);
      expect(applyPatchBody(current(), body, 'application/json')).toEqual(expected);
      expect(applyPatchBody(current(), body, 'Application/JSON; charset=UTF-8')).toEqual(expected);
      expect(expected).not.toHaveProperty('status');
      expect(expected.relatedParty).toEqual([]);
    });

    it.each([
      ['an array', [{ op: 'replace', path: '/name', value: 'x' }]],
      ['null', null],
      ['a string', 'name'],
      ['a number', 5],
      ['undefined', undefined],
    ])('rejects %s as body with 400 invalidPatch', (_what, body) => {
      expectTmfError(() => applyPatchBody(current(), body, MERGE_PATCH), 400, 'invalidPatch');
      expectTmfError(() => applyPatchBody(current(), body, 'application/json'), 400, 'invalidPatch');
    });

    it('does not modify the input document or the patch', () => {
      const doc = current();
      const patch = { status: null, engagedParty: { name: 'X' }, relatedParty: [{ id: '1' }] };
      const patchCopy = structuredClone(patch);
      const out = applyPatchBody(doc, patch, MERGE_PATCH);
      expect(doc).toEqual(current());
      expect(patch).toEqual(patchCopy);
      expect(out).not.toBe(doc);
      expect(out.engagedParty).not.toBe(doc.engagedParty);
    });

    it('ignores __proto__ in the body (no prototype pollution)', () => {
      const body = JSON.parse('{"__proto__": {"polluted": "yes"}}');
      const out = applyPatchBody(current(), body, MERGE_PATCH);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((out as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(out)).not.toHaveProperty('polluted');
    });
  });

  describe('JSON Patch (RFC 6902)', () => {
    it('replace / add / remove on attributes', () => {
      const out = applyPatchBody(
        current(),
        [
          { op: 'replace', path: '/status', value: 'Validated' },
          { op: 'add', path: '/statusReason', value: 'ok' },
          { op: 'remove', path: '/validFor/endDateTime' },
        ],
        JSON_PATCH,
      );
      expect(out).toEqual({ ...current(), status: 'Validated', statusReason: 'ok', validFor: { startDateTime: '2024-01-01T00:00:00.000Z' } });
    });

    it('add into an array at an index and at the end (-)', () => {
      const out = applyPatchBody(
        current(),
        [
          { op: 'add', path: '/relatedParty/0', value: { id: '1' } },
          { op: 'add', path: '/relatedParty/-', value: { id: '99' } },
        ],
        JSON_PATCH,
      );
      expect(out.relatedParty).toEqual([{ id: '1' }, { id: '42', role: 'AccountManager' }, { id: '43', role: 'Owner' }, { id: '99' }]);
    });

    it('replace and remove inside an array', () => {
      const out = applyPatchBody(
        current(),
        [
          { op: 'replace', path: '/relatedParty/1/role', value: 'Admin' },
          { op: 'remove', path: '/relatedParty/0' },
        ],
        JSON_PATCH,
      );
      expect(out.relatedParty).toEqual([{ id: '43', role: 'Admin' }]);
    });

    it('move and copy', () => {
      const out = applyPatchBody(
        current(),
        [
          { op: 'copy', from: '/name', path: '/statusReason' },
          { op: 'move', from: '/relatedParty/1', path: '/relatedParty/0' },
        ],
        JSON_PATCH,
      );
      expect(out.statusReason).toBe('Acme');
      expect(out.relatedParty).toEqual([{ id: '43', role: 'Owner' }, { id: '42', role: 'AccountManager' }]);
    });

    it('a successful test op lets the patch proceed', () => {
      const out = applyPatchBody(
        current(),
        [
          { op: 'test', path: '/status', value: 'Approved' },
          { op: 'replace', path: '/status', value: 'Validated' },
        ],
        JSON_PATCH,
      );
      expect(out.status).toBe('Validated');
    });

    it('a failed test op is a 409 conflict naming the operation', () => {
      const e = expectTmfError(
        () =>
          applyPatchBody(
            current(),
            [
              { op: 'replace', path: '/name', value: 'x' },
              { op: 'test', path: '/status', value: 'Initialized' },
            ],
            JSON_PATCH,
          ),
        409,
        'patchTestFailed',
      );
      expect(e.message).toContain('operation 2');
      expect(e.message).toContain('/status');
    });

    it('an empty operation list changes nothing', () => {
      expect(applyPatchBody(current(), [], JSON_PATCH)).toEqual(current());
    });

    it.each([
      ['an unknown op', [{ op: 'frobnicate', path: '/name', value: 'x' }]],
      ['a missing path', [{ op: 'replace', value: 'x' }]],
      ['a missing value', [{ op: 'add', path: '/x' }]],
      ['a path without a leading /', [{ op: 'replace', path: 'name', value: 'x' }]],
      ['removing an absent attribute', [{ op: 'remove', path: '/nope' }]],
      ['replacing an absent attribute', [{ op: 'replace', path: '/nope', value: 1 }]],
      ['an index out of range', [{ op: 'add', path: '/relatedParty/7', value: {} }]],
      ['adding under an absent parent', [{ op: 'add', path: '/nope/child', value: 1 }]],
      ['moving from an absent path', [{ op: 'move', from: '/nope', path: '/x' }]],
      ['a non-object operation', [null]],
      ['replacing the whole document with an array', [{ op: 'replace', path: '', value: [1] }]],
      ['removing the whole document', [{ op: 'remove', path: '' }]],
    ])('rejects %s with 400 invalidPatch', (_what, ops) => {
      expectTmfError(() => applyPatchBody(current(), ops, JSON_PATCH), 400, 'invalidPatch');
    });

    // Regression: fast-json-patch reports index 0 for every validation error (it calls its validator with 0), and
    // applyPatchBody trusts e.index, so a bad second operation is reported as "operation 1".
    it('names the failing operation in the 400 message', () => {
      const e = expectTmfError(() => applyPatchBody(current(), [{ op: 'add', path: '/a', value: 1 }, { op: 'remove', path: '/nope' }], JSON_PATCH), 400, 'invalidPatch');
      expect(e.message).toContain('operation 2');
    });

    it('rejects a non-array body with 400 invalidPatch', () => {
      expectTmfError(() => applyPatchBody(current(), { op: 'replace', path: '/name', value: 'x' }, JSON_PATCH), 400, 'invalidPatch');
      expectTmfError(() => applyPatchBody(current(), null, JSON_PATCH), 400, 'invalidPatch');
    });

    it('does not apply part of a failing patch to the input', () => {
      const doc = current();
      expect(() => applyPatchBody(doc, [{ op: 'replace', path: '/name', value: 'changed' }, { op: 'remove', path: '/nope' }], JSON_PATCH)).toThrow();
      expect(doc).toEqual(current());
    });

    it('does not modify the input document', () => {
      const doc = current();
      const out = applyPatchBody(
        doc,
        [
          { op: 'replace', path: '/relatedParty/0/role', value: 'Admin' },
          { op: 'remove', path: '/engagedParty/name' },
          { op: 'add', path: '/relatedParty/-', value: { id: '7' } },
        ],
        JSON_PATCH,
      );
      expect(doc).toEqual(current());
      expect(out.relatedParty).toHaveLength(3);
    });

    // Regression: fast-json-patch throws a plain TypeError for `__proto__` / `constructor/prototype` paths, which
    // applyPatchBody rethrows; the client's bad patch then leaves the API as a 500 instead of a 400.
    it('rejects a __proto__ or constructor/prototype path with 400 (not an unexpected error)', () => {
      expectTmfError(() => applyPatchBody(current(), [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }], JSON_PATCH), 400, 'invalidPatch');
      expectTmfError(() => applyPatchBody(current(), [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }], JSON_PATCH), 400, 'invalidPatch');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('unsupported media types', () => {
    it.each([undefined, '', 'text/plain', 'application/xml', 'application/merge-patch', 'multipart/form-data; boundary=x'])('%j -> 415', (type) => {
      const e = expectTmfError(() => applyPatchBody(current(), { name: 'x' }, type), 415, 'unsupportedMediaType');
      expect(e.message).toContain(MERGE_PATCH);
      expect(e.message).toContain(JSON_PATCH);
    });
  });
});
