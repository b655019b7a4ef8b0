// Label and field selectors: the string forms the API accepts (`a=b,c in (x,y),!d`) and LabelSelector objects.
import { ApiError } from '../api/status.js';
import { isPlainObject, type KubeObject } from '../types.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}
export type LabelSelector = Requirement[];

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function parseTerm(term: string): Requirement {
  const setMatch = /^([^\s!=(]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (setMatch) {
    const values = setMatch[3]!
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { key: setMatch[1]!, operator: setMatch[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const neq = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(term);
  if (neq) return { key: neq[1]!, operator: 'NotIn', values: [neq[2]!] };
  const eq = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(term);
  if (eq) return { key: eq[1]!, operator: 'In', values: [eq[2]!] };
  const notExists = /^!\s*([^\s!=]+)$/.exec(term);
  if (notExists) return { key: notExists[1]!, operator: 'DoesNotExist', values: [] };
  if (/^[^\s!=(),]+$/.test(term)) return { key: term, operator: 'Exists', values: [] };
  throw new ApiError(400, 'BadRequest', `unable to parse requirement: invalid label selector term "${term}"`);
}

export function parseLabelSelector(text: string | undefined | null): LabelSelector {
  if (!text) return [];
  return splitTerms(text).map(parseTerm);
}

/** metav1.LabelSelector (matchLabels + matchExpressions) → requirements. An empty selector matches everything. */
export function fromLabelSelectorObject(selector: unknown): LabelSelector {
  if (!isPlainObject(selector)) return [];
  const reqs: Requirement[] = [];
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels))
    reqs.push({ key, operator: 'In', values: [String(value)] });
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!isPlainObject(e)) continue;
    reqs.push({
      key: String(e.key),
      operator: e.operator as Operator,
      values: Array.isArray(e.values) ? e.values.map(String) : [],
    });
  }
  return reqs;
}

/** A Service-style selector map (`{app: web}`). */
export function fromMatchLabels(labels: Record<string, string> | undefined): LabelSelector {
  return Object.entries(labels ?? {}).map(([key, value]) => ({
    key,
    operator: 'In' as const,
    values: [value],
  }));
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(l[r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(l[r.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}

export function labelSelectorToString(selector: LabelSelector): string {
  return selector
    .map((r) => {
      if (r.operator === 'Exists') return r.key;
      if (r.operator === 'DoesNotExist') return `!${r.key}`;
      if (r.operator === 'In' && r.values.length === 1) return `${r.key}=${r.values[0]}`;
      return `${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`;
    })
    .join(',');
}

export interface FieldRequirement {
  path: string;
  equal: boolean;
  value: string;
}

export function parseFieldSelector(text: string | undefined | null): FieldRequirement[] {
  if (!text) return [];
  return splitTerms(text).map((term) => {
    const m = /^([^!=\s]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (!m) throw new ApiError(400, 'BadRequest', `invalid field selector "${term}"`);
    return { path: m[1]!, equal: m[2] !== '!=', value: m[3]!.trim() };
  });
}

function valueAt(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return '';
    cur = cur[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => (valueAt(obj, r.path) === r.value) === r.equal);
}
