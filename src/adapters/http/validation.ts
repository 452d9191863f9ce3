// Request validation with ajv against the contract's schemas, reported as the contract
// wants: every problem at once, each under a JSON pointer (body) or a parameter (query).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ListProfilesQuery } from '../../application/list-profiles.js';
import { ValidationError, type FieldError } from '../../domain/errors.js';
import type { EditableMember } from '../../domain/profile/profile.js';
import { Handle } from '../../domain/profile/handle.js';
import { decodeCursor } from './cursor.js';
import { HttpProblem } from './problem.js';
import { READ_ONLY_MEMBERS, createProfileSchema, listProfilesQuerySchema, profilePatchSchema, type REQUIRED_ON_CREATE } from './schemas.js';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const bodies = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const queries = new Ajv({ allErrors: true, strict: true, strictTypes: false, coerceTypes: true, useDefaults: true });
for (const ajv of [bodies, queries]) addFormats(ajv);

const escapeToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const readOnly: ReadonlySet<string> = new Set<string>(READ_ONLY_MEMBERS);
const ARTICLE: Record<string, string> = { string: 'a string', object: 'an object', integer: 'an integer', 'string,null': 'a string or null' };

function describe(error: ErrorObject, readOnlyHere: ReadonlySet<string>): FieldError {
  const at = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      return { pointer: `${at}/${escapeToken(name)}`, message: readOnlyHere.has(name) ? 'is read-only' : 'is not a known member' };
    }
    case 'required':
      return { pointer: `${at}/${escapeToken(String(error.params.missingProperty))}`, message: 'is required' };
    case 'type': {
      const type = String(error.params.type);
      return { pointer: at, message: `must be ${ARTICLE[type] ?? type}` };
    }
    default:
      return { pointer: at, message: error.message ?? 'is invalid' };
  }
}

/** A validator of a JSON body: returns it typed, or throws a ValidationError (422) naming each member at fault. */
function bodyValidator<T>(schema: object, readOnlyHere: ReadonlySet<string>): (body: unknown) => T {
  // Compiled on first use, which keeps it off the start-up path.
  let validate: ValidateFunction | undefined;
  return (body) => {
    validate ??= bodies.compile(schema);
    if (validate(body)) return body as T;
    const errors = (validate.errors ?? []).map((e) => describe(e, readOnlyHere));
    throw new ValidationError(errors);
  };
}

type RequiredOnCreate = (typeof REQUIRED_ON_CREATE)[number];

export type CreateProfileBody = { ownerId?: string }
  & Record<RequiredOnCreate, string>
  & Partial<Record<Exclude<EditableMember, RequiredOnCreate>, string | null>>;

export type ProfilePatchBody = Partial<Record<EditableMember, string | null>>;

export const validateCreateProfile = bodyValidator<CreateProfileBody>(createProfileSchema, readOnly);
export const validateProfilePatch = bodyValidator<ProfilePatchBody>(profilePatchSchema, new Set([...readOnly, 'ownerId']));

let validateListQuery: ValidateFunction | undefined;

/** The one 400 for a bad query: every parameter at fault, with what is wrong with it. */
export function invalidQuery(errors: readonly { readonly parameter: string; readonly message: string }[]): HttpProblem {
  return new HttpProblem('invalid_query', 'The query has invalid parameters.', { errors });
}

/**
 * The list's query parameters as the use case takes them (the cursor decoded, the prefix in
 * lower case), or a 400 naming each parameter at fault.
 */
export function parseListQuery(query: Record<string, unknown>): ListProfilesQuery {
  validateListQuery ??= queries.compile(listProfilesQuerySchema);
  // Validated in place: ajv coerces the numbers and fills in the default limit.
  const params = { ...query } as { limit: number; cursor?: string; handlePrefix?: string };
  if (!validateListQuery(params)) {
    throw invalidQuery((validateListQuery.errors ?? []).map((e) => {
      const described = describe(e, new Set());
      const parameter = described.pointer.split('/')[1] ?? '';
      const message = e.keyword === 'additionalProperties' ? 'is not a known parameter' : described.message;
      return { parameter, message };
    }));
  }
  const errors: { parameter: string; message: string }[] = [];
  const prefix = params.handlePrefix?.toLowerCase();
  if (prefix !== undefined && !Handle.isValidPrefix(prefix)) errors.push({ parameter: 'handlePrefix', message: 'may contain only a-z, 0-9 and _' });
  const afterHandle = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
  if (afterHandle === null) errors.push({ parameter: 'cursor', message: 'is not a cursor this service issued' });
  if (errors.length > 0) throw invalidQuery(errors);
  return {
    limit: params.limit,
    ...(afterHandle ? { afterHandle } : {}),
    ...(prefix !== undefined ? { handlePrefix: prefix } : {}),
  };
}
