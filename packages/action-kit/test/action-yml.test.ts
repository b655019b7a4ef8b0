import { z } from 'zod';
import { compareWithActionYml, type ActionYml } from '../src/action-yml.js';
import { describeInputs, input, secret } from '../src/input-schema.js';

const schema = z.object({
  name: input.string().describe('Name'),
  retries: input.integer().default('3').describe('Retries'),
  token: secret(input.string().optional().describe('Token')),
});

test('describeInputs reads required flags, defaults, descriptions and secrets from the schema', () => {
  expect(describeInputs(schema)).toEqual([
    { name: 'name', required: true, default: undefined, description: 'Name', secret: false },
    { name: 'retries', required: false, default: '3', description: 'Retries', secret: false },
    { name: 'token', required: false, default: undefined, description: 'Token', secret: true },
  ]);
});

test('an action.yml that agrees has no problems', () => {
  const yml: ActionYml = {
    inputs: {
      name: { description: 'Name', required: true },
      retries: { description: 'Retries', required: false, default: 3 },
      token: { description: 'Token', required: false },
    },
    outputs: { result: { description: 'Result' } },
  };
  expect(compareWithActionYml(describeInputs(schema), yml, ['result'])).toEqual([]);
});

test('every kind of disagreement is reported', () => {
  const yml: ActionYml = {
    inputs: {
      name: { description: 'Name', required: false },
      retries: { description: '', default: '5' },
      extra: { description: 'Not in schema' },
    },
    outputs: { result: {} as { description?: string } },
  };
  expect(compareWithActionYml(describeInputs(schema), yml, ['result', 'other'])).toEqual([
    "input 'name': action.yml says required=false, the schema says true",
    "input 'retries' has no description in action.yml",
    `input 'retries': action.yml default "5" differs from the schema's "3"`,
    "input 'token' is in the schema but not in action.yml",
    "input 'extra' is in action.yml but not in the schema",
    "output 'result' has no description in action.yml",
    "output 'other' is set by the action but not in action.yml",
  ]);
});
