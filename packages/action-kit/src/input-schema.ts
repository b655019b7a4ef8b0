// zod builders for action inputs. An action's inputs are one `z.object` whose keys are the input
// names of its action.yml; each field takes the raw string (undefined when empty) and returns a
// typed value. `.default('…')` holds the action.yml default as the user would type it.
import { z } from 'zod';
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
} from './parse.js';

const secretSchemas = new WeakSet<z.ZodTypeAny>();

/** Marks an input as secret: its value (and derived forms) is masked before anything runs. Apply last. */
export function secret<T extends z.ZodTypeAny>(schema: T): T {
  secretSchemas.add(schema);
  return schema;
}

export function isSecret(schema: z.ZodTypeAny): boolean {
  return secretSchemas.has(schema);
}

/** Wraps a string parser as a zod schema; a ParseError becomes the issue message. */
export function parsed<T>(parse: (raw: string) => T): z.ZodEffects<z.ZodString, T, string> {
  return z.string().transform((raw, ctx) => {
    try {
      return parse(raw);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: err.message });
      return z.NEVER;
    }
  });
}

export const input = {
  string: () => z.string(),
  boolean: () => parsed(parseBoolean),
  duration: (options?: Parameters<typeof parseDuration>[1]) => parsed((v) => parseDuration(v, options)),
  percent: (options?: Parameters<typeof parsePercent>[1]) => parsed((v) => parsePercent(v, options)),
  integer: (options?: Parameters<typeof parseInteger>[1]) => parsed((v) => parseInteger(v, options)),
  number: (options?: Parameters<typeof parseNumber>[1]) => parsed((v) => parseNumber(v, options)),
  list: () => parsed(parseList),
  keyValues: () => parsed(parseKeyValues),
  object: () => parsed(parseObject),
  document: () => parsed(parseDocument),
  url: (protocols?: string[]) => parsed((v) => parseUrl(v, protocols)),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.string().transform((raw, ctx) => {
      const v = raw.trim();
      if ((values as readonly string[]).includes(v)) return v as T[number];
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected one of: ${values.join(', ')}` });
      return z.NEVER;
    }),
};

export interface InputSpec {
  name: string;
  required: boolean;
  default?: string;
  description?: string;
  secret: boolean;
}

/** What the schema says about each input, for the action.yml check, the CLI's --help and the docs. */
export function describeInputs(schema: z.AnyZodObject): InputSpec[] {
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, field]) => {
    let node: z.ZodTypeAny = field;
    let required = true;
    let defaultValue: string | undefined;
    let description = field.description;
    for (let depth = 0; depth < 10; depth++) {
      description ??= node.description;
      if (node instanceof z.ZodOptional) {
        required = false;
        node = node.unwrap();
      } else if (node instanceof z.ZodDefault) {
        required = false;
        defaultValue = String(node._def.defaultValue());
        node = node.removeDefault();
      } else if (node instanceof z.ZodNullable) {
        node = node.unwrap();
      } else break;
    }
    return { name, required, default: defaultValue, description, secret: isSecret(field) };
  });
}
