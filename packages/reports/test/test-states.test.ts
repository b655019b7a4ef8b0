// The compact per-test state table: growth, OR-ing states, and the id hash matching the string form.
import { TestStates, hashTestId } from '../src/tests/test-states.js';

test('keeps 100,000 distinct keys through growth, ORs states, iterates each once', () => {
  const states = new TestStates();
  for (let i = 0; i < 100_000; i++) states.add(i % 0x1fffff, (i * 2654435761) >>> 0, 1);
  let fives = 0;
  for (let i = 0; i < 100_000; i += 10)
    if (states.add(i % 0x1fffff, (i * 2654435761) >>> 0, 4) === 5) fives++;
  expect(fives).toBe(10_000);
  let seen = 0;
  let orred = 0;
  let wrong = 0;
  states.forEach((hi, lo, state) => {
    seen++;
    if (state === 5) orred++;
    if (lo !== (hi * 2654435761) >>> 0) wrong++;
  });
  expect(wrong).toBe(0);
  expect([states.size, seen, orred]).toEqual([100_000, 100_000, 10_000]);
});

test('the id hash is the same whether or not the class hash was cached', () => {
  const a = hashTestId('com.example.A', 'x');
  hashTestId('other', 'y');
  expect(hashTestId('com.example.A', 'x')).toEqual(a);
  expect(hashTestId('com.example.A', 'x')).toEqual(a);
  expect(hashTestId('', 'x')).not.toEqual(hashTestId(':', ':x'));
  expect(hashTestId('a', 'b')).not.toEqual(hashTestId('b', 'a'));
});

test('the name is hashed two units a step without losing the odd last unit or the length', () => {
  expect(hashTestId('c', 'ab')).not.toEqual(hashTestId('c', 'ab\0'));
  expect(hashTestId('c', 'abc')).not.toEqual(hashTestId('c', 'abd'));
  expect(hashTestId('c', 'ba')).not.toEqual(hashTestId('c', 'ab'));
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const [hi, lo] = hashTestId('com.example.OrderServiceTest', `shouldHandleRequest${i}_withValidPayload`);
    seen.add(hi * 4294967296 + lo);
  }
  expect(seen.size).toBe(100_000);
});
