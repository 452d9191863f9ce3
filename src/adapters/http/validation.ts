// Query validation with ajv against the contract's schemas, reported as the contract wants:
// every problem at once, each under its parameter. Bodies: representation/validation.ts.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ListProfilesQuery } from '../../application/list-profiles.js';
import type { SearchProfilesQuery } from '../../application/search-profiles.js';
import { InvalidValueError } from '../../domain/errors.js';
import { Handle } from '../../domain/profile/handle.js';
import { SearchText } from '../../domain/profile/search-text.js';
import { decodeCursor, decodeSearchCursor } from './cursor.js';
import { HttpProblem } from './problem.js';
import { UUID } from './routes/ids.js';
import { MAX_BATCH_IDS, MAX_SEARCH_LIMIT, listProfilesQuerySchema } from '../representation/schemas.js';
import { describe } from '../representation/validation.js';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const queries = new Ajv({ allErrors: true, strict: true, strictTypes: false, coerceTypes: true, useDefaults: true });
addFormats(queries);

let validateListQuery: ValidateFunction | undefined;

/** The one 400 for a bad query: every parameter at fault, with what is wrong with it. */
export function invalidQuery(errors: readonly { readonly parameter: string; readonly message: string }[]): HttpProblem {
  return new HttpProblem('invalid_query', 'The query has invalid parameters.', { errors });
}

/** What GET /v1/profiles was asked for: a page of the list, a page of a search, or a batch of ids. */
export type ProfilesQuery =
  | { readonly kind: 'list'; readonly query: ListProfilesQuery }
  | { readonly kind: 'search'; readonly query: SearchProfilesQuery }
  | { readonly kind: 'batch'; readonly ids: readonly string[] };

type QueryParams = {
  limit: number;
  cursor?: string;
  handlePrefix?: string;
  q?: string;
  ids?: string;
};

type ParameterError = { parameter: string; message: string };

/**
 * What each mode of GET /v1/profiles cannot be combined with. A parameter already reported as
 * out of place (ids beside q) is not checked for what it excludes in turn.
 */
const EXCLUDED_BY: readonly (readonly [keyof QueryParams, readonly (keyof QueryParams)[]])[] = [
  ['q', ['handlePrefix', 'ids']],
  ['ids', ['handlePrefix', 'limit', 'cursor']],
];

/**
 * GET /v1/profiles's query as the use case takes it (cursors decoded, text normalised, ids
 * collapsed), or one 400 naming every parameter at fault.
 */
export function parseProfilesQuery(query: Record<string, unknown>): ProfilesQuery {
  validateListQuery ??= queries.compile(listProfilesQuerySchema);
  const given = new Set(Object.keys(query));
  // Validated in place: ajv coerces the numbers and fills in the default limit.
  const params = { ...query } as QueryParams;
  if (!validateListQuery(params)) {
    throw invalidQuery(
      (validateListQuery.errors ?? []).map((e) => {
        const described = describe(e, new Set());
        const parameter = described.pointer.split('/')[1] ?? '';
        const message = e.keyword === 'additionalProperties' ? 'is not a known parameter' : described.message;
        return { parameter, message };
      }),
    );
  }
  const errors: ParameterError[] = [];
  for (const [mode, others] of EXCLUDED_BY) {
    if (!given.has(mode)) continue;
    for (const other of others) {
      if (given.has(other) && !errors.some((e) => e.parameter === mode))
        errors.push({ parameter: other, message: `cannot be combined with ${mode}` });
    }
  }
  if (errors.length > 0) throw invalidQuery(errors);
  if (params.ids !== undefined) return { kind: 'batch', ids: parseIds(params.ids) };
  if (params.q !== undefined) return { kind: 'search', query: parseSearch(params) };
  return { kind: 'list', query: parseList(params) };
}

function parseIds(raw: string): string[] {
  const ids = raw.split(',');
  const malformed = ids.filter((id) => !UUID.test(id));
  if (malformed.length > 0) {
    throw invalidQuery([
      {
        parameter: 'ids',
        message: `must be comma-separated profile ids (UUIDs); not: ${malformed
          .slice(0, 3)
          .map((id) => JSON.stringify(id))
          .join(', ')}`,
      },
    ]);
  }
  const distinct = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (distinct.length > MAX_BATCH_IDS)
    throw invalidQuery([{ parameter: 'ids', message: `must hold at most ${MAX_BATCH_IDS} ids (got ${distinct.length})` }]);
  return distinct;
}

function parseSearch(params: QueryParams): SearchProfilesQuery {
  const errors: ParameterError[] = [];
  let text: SearchText | undefined;
  try {
    text = SearchText.parse(params.q);
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    errors.push({ parameter: 'q', message: error.message });
  }
  if (params.limit > MAX_SEARCH_LIMIT) errors.push({ parameter: 'limit', message: `must be <= ${MAX_SEARCH_LIMIT} for a search` });
  const after = params.cursor === undefined ? undefined : decodeSearchCursor(params.cursor);
  if (after === null) errors.push({ parameter: 'cursor', message: 'is not a cursor of a search this service issued' });
  if (errors.length > 0 || text === undefined) throw invalidQuery(errors);
  return { text, limit: params.limit, ...(after ? { after } : {}) };
}

function parseList(params: QueryParams): ListProfilesQuery {
  const errors: ParameterError[] = [];
  const prefix = params.handlePrefix?.toLowerCase();
  if (prefix !== undefined && !Handle.isValidPrefix(prefix))
    errors.push({ parameter: 'handlePrefix', message: 'may contain only a-z, 0-9 and _' });
  const afterHandle = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
  if (afterHandle === null) errors.push({ parameter: 'cursor', message: 'is not a cursor this service issued' });
  if (errors.length > 0) throw invalidQuery(errors);
  return {
    limit: params.limit,
    ...(afterHandle ? { afterHandle } : {}),
    ...(prefix !== undefined ? { handlePrefix: prefix } : {}),
  };
}
