// The profile documents clients send (a create body, a merge patch), checked against the
// contract's schemas: by the API for a request's body, and by the import task for each line of
// an NDJSON file, which holds create bodies too. Every problem at once, each under a JSON pointer.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidationError, type FieldError } from '../../domain/errors.js';
import type { EditableMember } from '../../domain/profile/profile.js';
import { READ_ONLY_MEMBERS, createProfileSchema, profilePatchSchema, type REQUIRED_ON_CREATE } from './schemas.js';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const bodies = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(bodies);

const escapeToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');
const readOnly: ReadonlySet<string> = new Set<string>(READ_ONLY_MEMBERS);
const ARTICLE: Record<string, string> = {
  string: 'a string',
  object: 'an object',
  integer: 'an integer',
  'string,null': 'a string or null',
};

/** An ajv error as the API reports it: a JSON pointer and what is wrong there. */
export function describe(error: ErrorObject, readOnlyHere: ReadonlySet<string>): FieldError {
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

/**
 * The schemas' bounds on a member's text (lengths, the handle's characters) are the domain's
 * limits, stated for clients and proxies. The domain checks them too, on the normalized text,
 * together with every other member's rules: a body whose only faults are these is handed to it,
 * so that one 422 names every member at fault, each with its exact rule.
 */
const LEFT_TO_THE_DOMAIN = new Set(['maxLength', 'minLength', 'pattern']);

/** A validator of a JSON body: returns it typed, or throws a ValidationError (422) naming each member at fault. */
function bodyValidator<T>(schema: object, readOnlyHere: ReadonlySet<string>): (body: unknown) => T {
  // Compiled on first use, which keeps it off the start-up path.
  let validate: ValidateFunction | undefined;
  return (body) => {
    validate ??= bodies.compile(schema);
    const faults = validate(body) ? [] : (validate.errors ?? []).filter((e) => !LEFT_TO_THE_DOMAIN.has(e.keyword));
    if (faults.length > 0) throw new ValidationError(faults.map((e) => describe(e, readOnlyHere)));
    return body as T;
  };
}

type RequiredOnCreate = (typeof REQUIRED_ON_CREATE)[number];

export type CreateProfileBody = { ownerId?: string } & Record<RequiredOnCreate, string> &
  Partial<Record<Exclude<EditableMember, RequiredOnCreate>, string | null>>;

export type ProfilePatchBody = Partial<Record<EditableMember, string | null>>;

export const validateCreateProfile = bodyValidator<CreateProfileBody>(createProfileSchema, readOnly);
export const validateProfilePatch = bodyValidator<ProfilePatchBody>(profilePatchSchema, new Set([...readOnly, 'ownerId']));
