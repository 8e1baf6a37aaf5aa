import type { JsonValue } from '../json.js';
import { isPlainRecord } from '../json.js';
import { modelIdProblem } from '../model-id.js';
import { join, type IssueList } from './issues.js';

/** Field paths: `"total"`, or `"meta.color"` inside a JSON-valued field. */
export type FieldList = readonly string[];

/** Fields to send: one list for every model, or a list per `"app.Model"` (`"*"` for the rest). */
export type IncludeFields = FieldList | Readonly<Record<string, FieldList>>;

/** Field path to replacement value; a list means "replace with `[REDACTED]`". */
export type Redactions = FieldList | Readonly<Record<string, JsonValue>>;

/** Fields to mask: for every model, or per `"app.Model"` (`"*"` applies to all models). */
export type RedactFields = FieldList | Readonly<Record<string, Redactions>>;

export const DEFAULT_REDACTION = '[REDACTED]';

const PATH = /^[^.\s]+(\.[^.\s]+)*$/;

function checkPaths(issues: IssueList, path: string, value: unknown): void {
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list of field names');
    return;
  }
  value.forEach((field, i) => {
    if (typeof field !== 'string' || !PATH.test(field)) {
      issues.add(join(path, i), 'must be a field name or dotted path like "meta.color"');
    }
  });
}

function checkModelKey(issues: IssueList, path: string, key: string): void {
  if (key === '*') return;
  const problem = modelIdProblem(key);
  if (problem) issues.add(path, `key ${problem}`);
}

export function checkIncludeFields(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined || Array.isArray(value)) return checkPaths(issues, path, value ?? []);
  if (!isPlainRecord(value)) return issues.add(path, 'must be a list of fields or a map of "app.Model" to fields');
  for (const [model, fields] of Object.entries(value)) {
    checkModelKey(issues, path, model);
    checkPaths(issues, `${path}["${model}"]`, fields);
  }
}

export function checkRedactFields(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined || Array.isArray(value)) return checkPaths(issues, path, value ?? []);
  if (!isPlainRecord(value)) return issues.add(path, 'must be a list of fields or a map of "app.Model" to fields');
  for (const [model, redactions] of Object.entries(value)) {
    const at = `${path}["${model}"]`;
    checkModelKey(issues, path, model);
    if (Array.isArray(redactions)) checkPaths(issues, at, redactions);
    else if (!isPlainRecord(redactions)) issues.add(at, 'must be a list of fields or a map of field to replacement');
    else checkPaths(issues, at, Object.keys(redactions));
  }
}
