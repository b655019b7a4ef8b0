import {
  ParseError,
  parseBoolean,
  parseDocument,
  parseDuration,
  parseInteger,
  parseKeyValues,
  parseList,
  parseNumber,
  parseObject,
  parsePercent,
  parseUrl,
} from '../src/parse.js';

describe('parseBoolean', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['yes', true],
    ['on', true],
    [' 1 ', true],
    ['false', false],
    ['FALSE', false],
    ['no', false],
    ['off', false],
    ['0', false],
  ])('%j → %s', (raw, expected) => expect(parseBoolean(raw)).toBe(expected));
  test.each(['tru', 'yess', '2', ''])('%j is rejected', (raw) => {
    expect(() => parseBoolean(raw)).toThrow(new ParseError('expected true or false'));
  });
});

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['1m30s500ms', 90_500],
  ])('%j → %d ms', (raw, ms) => expect(parseDuration(raw)).toBe(ms));
  test.each(['5', '5 minutes', 'm5', '1h 30m', '30sec', '', '-5s'])('%j is rejected', (raw) => {
    expect(() => parseDuration(raw)).toThrow(ParseError);
  });
  test('a bare number is read in the unit given', () => {
    expect(parseDuration('90', { bareUnit: 's' })).toBe(90_000);
  });
});

describe('parsePercent', () => {
  test.each([
    ['95', 95],
    ['95%', 95],
    ['99.5 %', 99.5],
    ['0', 0],
    ['100', 100],
    ['1', 1],
  ])('%j → %d', (raw, value) => expect(parsePercent(raw)).toBe(value));
  test('0.95 is ambiguous unless fractions are allowed', () => {
    expect(() => parsePercent('0.95')).toThrow('ambiguous: write 95% or 0.95% explicitly');
    expect(parsePercent('0.95', { fraction: true })).toBeCloseTo(95);
    expect(parsePercent('0.95%', { fraction: true })).toBe(0.95);
  });
  test.each(['101', '95%%', 'ninety', '-1', ''])('%j is rejected', (raw) => {
    expect(() => parsePercent(raw)).toThrow(ParseError);
  });
});

describe('parseList', () => {
  test('splits on newlines and commas, drops blanks and comments', () => {
    expect(parseList('a, b\n\n# note\nc,\n  d  ')).toEqual(['a', 'b', 'c', 'd']);
  });
  test('an empty text is an empty list', () => expect(parseList('  \n ')).toEqual([]));
});

describe('parseKeyValues', () => {
  test('reads key=value items and keeps = inside values', () => {
    expect(parseKeyValues('critical=0, high = 2\nurl=https://x/?a=b')).toEqual({
      critical: '0',
      high: '2',
      url: 'https://x/?a=b',
    });
  });
  test('an item without = is rejected naming the item', () => {
    expect(() => parseKeyValues('a=1,oops')).toThrow('expected key=value items, got "oops"');
    expect(() => parseKeyValues('=1')).toThrow(ParseError);
  });
});

describe('parseObject and parseDocument', () => {
  test('JSON and YAML mappings', () => {
    expect(parseObject('{"a": 1, "b": [true]}')).toEqual({ a: 1, b: [true] });
    expect(parseObject('a: 1\nb:\n  - x')).toEqual({ a: 1, b: ['x'] });
    expect(parseDocument('- name: x\n  query: up')).toEqual([{ name: 'x', query: 'up' }]);
  });
  test('a list or scalar is not a mapping', () => {
    expect(() => parseObject('- a')).toThrow('expected a JSON or YAML mapping');
    expect(() => parseObject('42')).toThrow(ParseError);
  });
  test('a syntax error says the line', () => {
    expect(() => parseObject('a: 1\nb: [1, 2\nc: 3')).toThrow(/line \d/);
    expect(() => parseObject('a: 1\na: 2')).toThrow(ParseError);
  });
});

describe('numbers and URLs', () => {
  test('integers within bounds', () => {
    expect(parseInteger(' 42 ')).toBe(42);
    expect(() => parseInteger('4.2')).toThrow('expected a whole number');
    expect(() => parseInteger('0', { min: 1 })).toThrow('expected a whole number ≥ 1');
    expect(() => parseInteger('11', { max: 10 })).toThrow('expected a whole number ≤ 10');
  });
  test('numbers within bounds', () => {
    expect(parseNumber('0.25')).toBe(0.25);
    expect(parseNumber('1e3')).toBe(1000);
    expect(() => parseNumber('abc')).toThrow('expected a number');
    expect(() => parseNumber('2', { max: 1 })).toThrow('≤ 1');
  });
  test('URLs with allowed protocols', () => {
    expect(parseUrl('https://hooks.example.com/x').host).toBe('hooks.example.com');
    expect(() => parseUrl('http://x')).toThrow('expected a URL starting with https://');
    expect(parseUrl('http://127.0.0.1:8080', ['http:', 'https:']).port).toBe('8080');
    expect(() => parseUrl('not a url')).toThrow('expected an absolute URL');
  });
});
