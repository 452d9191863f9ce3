// The rules of Spectral's OpenAPI set and the OWASP API Security ruleset that .spectral.yaml
// turns off for this contract, each with why: docs/api.md shows this list, and a test holds
// .spectral.yaml to it. Every other finding was a real gap and is fixed in the document.
export const SPECTRAL_OPINIONS: Record<string, string> = {
  'owasp:api8:2023-define-cors-origin':
    'The API sends no CORS headers at all: it is for servers and tools, not for pages of other origins, so browsers refuse cross-origin reads, which is the safe default.',
  'owasp:api4:2023-string-limit':
    "What remains is in responses (Profile, Problem, Task, headers): the limits bound what clients send, and every request string is bounded (the domain's limits in CreateProfile and ProfilePatch, query parameters, the body limits).",
  'owasp:api4:2023-string-restricted':
    'The same strings: free text in responses, which no pattern or enum describes; the inputs that have a grammar (the handle, ids, cursors) state it.',
  'owasp:api4:2023-integer-format':
    'Versions, counts and statuses in responses: JSON numbers, and int32 or int64 tells a JSON client nothing; the rate-limit headers state int32.',
  'owasp:api4:2023-integer-limit':
    "The same integers: what the server counts (a version, a task's attempts) has no upper bound to state; every integer a client sends has one.",
  'owasp:api4:2023-array-limit': 'Problem.errors lists each member or parameter at fault: bounded by the request, which is bounded.',
  'operation-description': 'Each operation has a summary that says what it does; docs/api.md and /docs show it.',
  'operation-tags': 'One resource (profiles, with their avatars and tasks): tags would group nothing.',
  'owasp:api8:2023-define-error-responses-401':
    'Only the public operations lack a 401: the probes, the documents, /docs, the problem pages and the public avatar need no token.',
  'owasp:api4:2023-rate-limit-responses-429':
    'The probes, the documents and the problem pages are not rate limited: Kubernetes must never be refused a probe. Every /v1 operation states its 429.',
  'owasp:api4:2023-rate-limit': 'The same operations, which carry no RateLimit-* headers because they are not limited.',
  'owasp:api8:2023-define-error-responses-500': 'The same operations (probes and static documents); every /v1 operation states its 500.',
  'owasp:api8:2023-define-error-validation':
    'Operations that take no body and no query parameter a client can get wrong (an id that names nothing is 404).',
  'owasp:api2:2023-read-restricted':
    'Public on purpose: the probes, the documents, /docs, the problem pages, and the avatar, which any page may show.',
};
