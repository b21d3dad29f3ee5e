import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsEmail, IsEnum, IsIn, IsInt, IsNumber, IsNumberString, IsOptional, IsString, IsUrl, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CustomerCreateDto } from '../../src/customer/dto/customer.dto';
import { attributeTree, AttributeTree, normaliseDateTimes, resolvePath, resourceTree } from '../../src/tmf/schema/attribute-tree';
import { IsDateTime, isDateTime, toUtcInstant } from '../../src/tmf/schema/date-time';
import { customerTree } from './helpers';

/** `{ name: 'type[]' }` for every attribute of a tree (one level). */
const shape = (tree: AttributeTree | undefined) => Object.fromEntries([...(tree ?? [])].map(([k, n]) => [k, `${n.type}${n.isArray ? '[]' : ''}`]));
const at = (path: string) => resolvePath(customerTree, path.split('.'));

class TreeNodeDto {
  @IsString()
  label!: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TreeNodeDto)
  children?: TreeNodeDto[];
}

class SampleDto {
  @IsNumber() amount!: number;
  @IsInt() count!: number;
  @IsString({ each: true }) tags!: string[];
  @IsDateTime() at!: string;
  @IsArray() @IsDateTime({ each: true }) times!: string[];
  @ValidateNested() @Type(() => TreeNodeDto) root!: TreeNodeDto;
  @IsOptional() untyped?: unknown;
}

describe('attributeTree', () => {
  it('reads the top-level attributes of CustomerCreateDto, inherited polymorphism attributes included', () => {
    expect(shape(attributeTree(CustomerCreateDto))).toEqual({
      name: 'string',
      status: 'string',
      statusReason: 'string',
      account: 'object[]',
      agreement: 'object[]',
      characteristic: 'object[]',
      contactMedium: 'object[]',
      creditProfile: 'object[]',
      engagedParty: 'object',
      marketSegment: 'object[]',
      paymentMethod: 'object[]',
      relatedParty: 'object[]',
      validFor: 'object',
      '@baseType': 'string',
      '@schemaLocation': 'string',
      '@type': 'string',
    });
  });

  it('reads nested DTOs (validators map to leaf types)', () => {
    expect(shape(at('creditProfile')?.children)).toEqual({
      creditProfileDate: 'dateTime',
      creditRiskRating: 'integer',
      creditScore: 'integer',
      validFor: 'object',
      '@baseType': 'string',
      '@schemaLocation': 'string',
      '@type': 'string',
    });
    expect(shape(at('contactMedium')?.children)).toMatchObject({ mediumType: 'string', preferred: 'boolean', characteristic: 'object', validFor: 'object' });
    expect(shape(at('characteristic')?.children)).toMatchObject({ name: 'string', valueType: 'string', value: 'any' });
    expect(shape(at('validFor')?.children)).toEqual({ startDateTime: 'dateTime', endDateTime: 'dateTime' });
  });

  it('maps number, integer, string arrays, date-time arrays, nested and untyped attributes', () => {
    expect(shape(attributeTree(SampleDto))).toEqual({
      amount: 'number',
      count: 'integer',
      tags: 'string[]',
      at: 'dateTime',
      times: 'dateTime[]',
      root: 'object',
      untyped: 'any',
    });
  });

  it('maps the text validators IsUrl, IsEmail, IsIn, IsEnum, Matches and IsNumberString to string', () => {
    enum Colour {
      Red = 'red',
    }
    class TextDto {
      @IsUrl() url!: string;
      @IsEmail() email!: string;
      @IsIn(['a', 'b']) choice!: string;
      @IsEnum(Colour) colour!: Colour;
      @Matches(/^x/) pattern!: string;
      @IsNumberString() digits!: string;
    }
    expect(shape(attributeTree(TextDto))).toEqual({ url: 'string', email: 'string', choice: 'string', colour: 'string', pattern: 'string', digits: 'string' });
  });

  // Regression: LEAF_BY_VALIDATOR has the key 'isUUID', but class-validator names the IsUUID validator 'isUuid'
  // (IS_UUID = 'isUuid'), so an attribute validated only by @IsUUID() becomes untyped ('any').
  it('maps IsUUID to string', () => {
    class UuidDto {
      @IsUUID() ref!: string;
    }
    expect(shape(attributeTree(UuidDto))).toEqual({ ref: 'string' });
  });

  it('handles a DTO that refers to itself', () => {
    const tree = attributeTree(TreeNodeDto);
    expect(tree.get('children')?.children).toBe(tree);
    expect(resolvePath(tree, ['children', 'children', 'children', 'label'])?.type).toBe('string');
  });

  it('is cached per class', () => {
    expect(attributeTree(CustomerCreateDto)).toBe(attributeTree(CustomerCreateDto));
  });
});

describe('resourceTree', () => {
  it('adds the server-owned id and href as strings', () => {
    const tree = resourceTree(CustomerCreateDto);
    expect(tree.get('id')).toEqual({ name: 'id', type: 'string', isArray: false });
    expect(tree.get('href')).toEqual({ name: 'href', type: 'string', isArray: false });
    expect(tree.get('name')?.type).toBe('string');
  });

  it('does not add them to the (cached) DTO tree', () => {
    resourceTree(CustomerCreateDto);
    expect(attributeTree(CustomerCreateDto).has('id')).toBe(false);
    expect(attributeTree(CustomerCreateDto).has('href')).toBe(false);
  });
});

describe('resolvePath', () => {
  it('follows dotted paths through objects and arrays', () => {
    expect(at('relatedParty.id')).toEqual({ name: 'id', type: 'string', isArray: false, children: undefined });
    expect(at('contactMedium.characteristic.city')?.type).toBe('string');
    expect(at('creditProfile.validFor.startDateTime')?.type).toBe('dateTime');
    expect(at('contactMedium.preferred')?.type).toBe('boolean');
    expect(at('relatedParty')).toMatchObject({ name: 'relatedParty', type: 'object', isArray: true });
  });

  it('is undefined when a step is not an attribute', () => {
    expect(at('nope')).toBeUndefined();
    expect(at('relatedParty.nope')).toBeUndefined();
    expect(at('name.first')).toBeUndefined(); // a step below a leaf
    expect(resolvePath(customerTree, [])).toBeUndefined();
  });

  it('does not resolve inherited Object properties', () => {
    expect(at('constructor')).toBeUndefined();
    expect(at('__proto__')).toBeUndefined();
    expect(at('relatedParty.toString')).toBeUndefined();
  });
});

describe('isDateTime (RFC 3339)', () => {
  it.each([
    '2024-05-01T00:00:00Z',
    '2024-05-01t00:00:00z',
    '2024-05-01 00:00:00Z',
    '2024-05-01T23:59:59+14:00',
    '2024-05-01T00:00:00-05:30',
    '2024-05-01T00:00:00.5Z',
    '2024-05-01T00:00:00.123456789+01:00',
    '2024-02-29T12:00:00Z', // a leap day
  ])('accepts %s', (v) => {
    expect(isDateTime(v)).toBe(true);
  });

  it.each([
    '2024-05-01',
    '2024-05-01T00:00:00',
    '2024-05-01T00:00Z',
    '2024-5-1T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-01T00:00:00Z',
    '2024-05-32T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T00:60:00Z',
    '2024-05-01T00:00:00+24:00',
    '2024-05-01T00:00:00+0100',
    '2024-05-01T00:00:00.1234567890Z',
    '2024-05-01T00:00:00Zjunk',
    ' 2024-05-01T00:00:00Z',
    '',
    // instants outside the years 0001–9999 (UTC), which PostgreSQL and ISO 8601 cannot write with four digits
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:59:59-23:59',
  ])('rejects %j', (v) => {
    expect(isDateTime(v)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isDateTime(1714521600000)).toBe(false);
    expect(isDateTime(null)).toBe(false);
    expect(isDateTime(new Date())).toBe(false);
  });

  // Regression: the day is only checked to be 01-31; Date.parse then rolls it over into the next month.
  it.each(['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-06-31T10:00:00+02:00'])('rejects the impossible date %s', (v) => {
    expect(isDateTime(v)).toBe(false);
  });
});

describe('toUtcInstant', () => {
  it.each([
    ['2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00.000Z'],
    ['2023-12-31T19:00:00-05:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01t00:00:00z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 05:30:00+05:30', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.500Z'],
    ['2024-01-01T00:00:00.123456789Z', '2024-01-01T00:00:00.123Z'],
    ['2024-03-01T00:30:00+01:00', '2024-02-29T23:30:00.000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toUtcInstant(input)).toBe(expected);
  });
});

describe('normaliseDateTimes', () => {
  const doc = () => ({
    name: '2024-01-01T01:00:00+01:00', // a string attribute: left alone
    validFor: { startDateTime: '2024-01-01T01:00:00+01:00', endDateTime: '2025-01-01T00:00:00Z' },
    creditProfile: [
      { creditProfileDate: '2024-01-15T10:00:00+10:00', creditScore: 700, validFor: { startDateTime: '2024-01-01T00:00:00-01:00' } },
      { creditProfileDate: '2024-01-16T00:00:00Z', validFor: null },
    ],
    contactMedium: [{ mediumType: 'email', validFor: { endDateTime: '2030-06-01T02:00:00+02:00' } }],
    characteristic: [{ name: 'since', value: '2024-01-01T01:00:00+01:00' }], // untyped: left alone
    extra: { startDateTime: '2024-01-01T01:00:00+01:00' }, // not an attribute: left alone
  });

  it('rewrites every date-time attribute, in nested objects and arrays, in place', () => {
    const d = doc();
    normaliseDateTimes(d, customerTree, toUtcInstant);
    expect(d).toEqual({
      name: '2024-01-01T01:00:00+01:00',
      validFor: { startDateTime: '2024-01-01T00:00:00.000Z', endDateTime: '2025-01-01T00:00:00.000Z' },
      creditProfile: [
        { creditProfileDate: '2024-01-15T00:00:00.000Z', creditScore: 700, validFor: { startDateTime: '2024-01-01T01:00:00.000Z' } },
        { creditProfileDate: '2024-01-16T00:00:00.000Z', validFor: null },
      ],
      contactMedium: [{ mediumType: 'email', validFor: { endDateTime: '2030-06-01T00:00:00.000Z' } }],
      characteristic: [{ name: 'since', value: '2024-01-01T01:00:00+01:00' }],
      extra: { startDateTime: '2024-01-01T01:00:00+01:00' },
    });
  });

  it('rewrites arrays of date-times and leaves non-string values alone', () => {
    const d: Record<string, unknown> = { at: 5, times: ['2024-01-01T01:00:00+01:00', 7], root: { label: 'x' } };
    normaliseDateTimes(d, attributeTree(SampleDto), toUtcInstant);
    expect(d).toEqual({ at: 5, times: ['2024-01-01T00:00:00.000Z', 7], root: { label: 'x' } });
  });

  it('uses the given conversion function', () => {
    const d = { validFor: { startDateTime: 'a' }, creditProfile: [{ creditProfileDate: 'b' }] };
    normaliseDateTimes(d, customerTree, (v) => `<${v}>`);
    expect(d).toEqual({ validFor: { startDateTime: '<a>' }, creditProfile: [{ creditProfileDate: '<b>' }] });
  });

  it('ignores non-objects', () => {
    expect(() => normaliseDateTimes(null, customerTree, toUtcInstant)).not.toThrow();
    expect(() => normaliseDateTimes('2024-01-01T00:00:00Z', customerTree, toUtcInstant)).not.toThrow();
    const d = { validFor: 'not an object', relatedParty: [null, 1] };
    normaliseDateTimes(d, customerTree, toUtcInstant);
    expect(d).toEqual({ validFor: 'not an object', relatedParty: [null, 1] });
  });
});
