// The `metrics` input: a YAML list of custom metrics. Each entry is validated with zod and an
// error names the entry (index and name) and the field, so the user can fix it at once.
import { ConfigurationError, ParseError, parseDuration, parsePercent } from '@deploy-actions/action-kit';
import { z } from 'zod';

/** A threshold bound: a number, a percentage (`1%` → 0.01) or a duration (`500ms` → 0.5 seconds). */
export function parseBound(value: number | string): number {
  if (typeof value === 'number') return value;
  const v = value.trim();
  if (/%$/.test(v)) return parsePercent(v) / 100;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v);
  return parseDuration(v) / 1000;
}

const bound = z.union([z.number(), z.string()]).transform((raw, ctx) => {
  try {
    return parseBound(raw);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expected a number, a percentage (1%) or a duration (500ms): ${err.message}`,
    });
    return z.NEVER;
  }
});

const count = z.number().int().min(0);

export const metricEntrySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'expected a name of letters, digits, ".", "_" or "-"'),
    query: z.string().min(1),
    threshold: z.object({ min: bound.optional(), max: bound.optional() }).strict().optional(),
    compare: z.literal('baseline').optional(),
    direction: z.enum(['increase', 'decrease', 'either']).optional(),
    'allowed-change': z.number().min(0).optional(),
    critical: z.boolean().optional(),
    weight: z.number().positive().optional(),
    'must-have-data': z.boolean().optional(),
    'min-samples': z.number().int().min(1).optional(),
    'failure-limit': count.optional(),
    'inconclusive-limit': count.optional(),
    'consecutive-error-limit': count.optional(),
    unit: z.enum(['ratio', 'seconds', 'per-second']).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.threshold && !entry.compare) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['threshold'],
        message: 'set threshold ({min, max}) or compare: baseline',
      });
    }
    if (entry.threshold && entry.threshold.min === undefined && entry.threshold.max === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['threshold'], message: 'set min, max or both' });
    }
  });

export type MetricEntry = z.output<typeof metricEntrySchema>;

function describeIssue(doc: unknown[], issue: z.ZodIssue): string {
  const [index, ...path] = issue.path;
  const entry = doc[Number(index)] as { name?: unknown } | undefined;
  const named = typeof entry?.name === 'string' ? ` ("${entry.name}")` : '';
  const field = path.length ? `, field "${path.join('.')}"` : '';
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  return `input 'metrics': entry ${Number(index) + 1}${named}${field}: ${message}`;
}

/** Validates the parsed `metrics` document (a list); throws ConfigurationError naming entry and field. */
export function parseMetricsDocument(doc: unknown): MetricEntry[] {
  if (!Array.isArray(doc))
    throw new ConfigurationError(`input 'metrics': expected a YAML list of metrics (- name: …, query: …)`);
  const result = z.array(metricEntrySchema).safeParse(doc);
  if (!result.success) throw new ConfigurationError(describeIssue(doc, result.error.issues[0]!));
  const seen = new Set<string>();
  result.data.forEach((entry, i) => {
    if (seen.has(entry.name))
      throw new ConfigurationError(
        `input 'metrics': entry ${i + 1} ("${entry.name}"), field "name": the name is used twice`,
      );
    seen.add(entry.name);
  });
  return result.data;
}
