// Generated from the service's OpenAPI document by `npm run generate:client` (openapi-typescript);
// edit src/adapters/http/ and regenerate, not this.
export interface paths {
    "/v1/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List live profiles ordered by handle (keyset pagination); search them with q; read a batch of them with ids. */
        get: operations["listProfiles"];
        put?: never;
        /** Create a profile (for yourself; admins for any owner). */
        post: operations["createProfile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Read a live profile; the e-mail address only for its owner and admins. */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        /** Soft-delete a profile; it is purged after the grace period unless restored. */
        delete: operations["deleteProfile"];
        options?: never;
        head?: never;
        /** Change a profile with a JSON Merge Patch. */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/v1/profiles/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a deleted profile within the purge grace period. */
        post: operations["restoreProfile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles/{id}/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** A square WebP rendition of the avatar shown, without metadata. Public. Use the profile's avatar.url: with its `v`, the bytes never change (cached for a year); without `v`, the answer follows the profile (revalidate). */
        get: operations["getAvatar"];
        /** Upload an avatar (JPEG, PNG or WebP, told by its bytes; at most 5 MiB and 4096x4096 pixels). A worker renders it. */
        put: operations["uploadAvatar"];
        post?: never;
        /** Remove the avatar; its renditions go with it. */
        delete: operations["deleteAvatar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bulk import (admins): one create body with ownerId per line. The task result counts created and failed lines. */
        post: operations["importProfiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** The status of asynchronous work, for its requester and admins. */
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give a dead task a fresh set of attempts (admins). */
        post: operations["retryTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (Kubernetes restarts it when this fails). */
        get: operations["live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database is up and migrated and the process is not shutting down; each dependency's state. */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every dependency's state and breaker, for people. */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (with METRICS_TOKEN set, as a bearer token). */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This contract as OpenAPI 3.1. */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a problem type means: the page its `type` URI names. */
        get: operations["problemType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This contract as an interactive reference (HTML, for people). */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A browser is sent to /docs; a program gets where the documents are. */
        get: operations["index"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/asyncapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The profile events this service publishes, as AsyncAPI 3.0. */
        get: operations["asyncapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Profile: {
            /** Format: uuid */
            readonly id: string;
            readonly ownerId: string;
            handle: string;
            /** @description Present only for the owner and admins. */
            email?: string;
            displayName: string;
            bio: string;
            location: string;
            website: string | null;
            readonly avatar: null | {
                /**
                 * @description How processing of the newest upload went.
                 * @enum {unknown}
                 */
                status: "processing" | "ready" | "failed";
                /** @description The avatar shown: the newest upload that became ready (null before any did). Its `v` is never reused for other bytes. */
                url: string | null;
                /** @description The task processing the newest upload; shown to the owner and admins. */
                task?: string;
            };
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
            readonly version: number;
        };
        CreateProfile: {
            /** @description The owner (a token subject). Defaults to the caller; only admins may name another owner. */
            ownerId?: string;
            /** @description 3-30 of a-z, 0-9 and _, starting with a letter; case-insensitive, stored lower case; unique; not a reserved word. */
            handle: string;
            /** @description A valid e-mail address of at most 254 characters, unique case-insensitively. Shown only to the owner and admins. */
            email: string;
            /** @description 1-64 characters of plain text (NFC, trimmed, control and invisible characters removed). */
            displayName: string;
            /** @description 0-500 characters of plain text; newlines allowed. null resets it to empty. */
            bio?: string | null;
            /** @description 0-100 characters of plain text. null resets it to empty. */
            location?: string | null;
            /** @description An absolute http or https URL without credentials, at most 200 characters. null removes it. */
            website?: string | null;
        };
        /** @description A JSON Merge Patch (RFC 7396) of the editable members. handle, email and displayName cannot be removed. */
        ProfilePatch: {
            /** @description 3-30 of a-z, 0-9 and _, starting with a letter; case-insensitive, stored lower case; unique; not a reserved word. */
            handle?: string | null;
            /** @description A valid e-mail address of at most 254 characters, unique case-insensitively. Shown only to the owner and admins. */
            email?: string | null;
            /** @description 1-64 characters of plain text (NFC, trimmed, control and invisible characters removed). */
            displayName?: string | null;
            /** @description 0-500 characters of plain text; newlines allowed. null resets it to empty. */
            bio?: string | null;
            /** @description 0-100 characters of plain text. null resets it to empty. */
            location?: string | null;
            /** @description An absolute http or https URL without credentials, at most 200 characters. null removes it. */
            website?: string | null;
        };
        ProfilePage: {
            items: components["schemas"]["Profile"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            nextCursor: string | null;
        };
        /** @description The answer to `ids`: the live profiles found, in the order asked, and the ids that have none. */
        ProfileBatch: {
            items: components["schemas"]["Profile"][];
            /** @description Ids with no profile, or a deleted one. */
            missing: string[];
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** Format: uri-reference */
            type: string;
            title: string;
            status: number;
            detail: string;
            instance: string;
            requestId: string;
            /** @description Each invalid part of the request: a body member as {pointer, message}, a query parameter as {parameter, message} (RFC 9457 leaves the member names to the API). */
            errors?: {
                /** @description JSON Pointer to the body member at fault. */
                pointer?: string;
                /** @description The query parameter at fault. */
                parameter?: string;
                message: string;
            }[];
        };
        Health: {
            /** @enum {unknown} */
            status: "up" | "down";
            /** @enum {unknown} */
            phase?: "starting" | "ready" | "stopping";
            checks: {
                [key: string]: {
                    /** @enum {unknown} */
                    status: "up" | "degraded" | "down";
                    critical: boolean;
                    /**
                     * @description The circuit breaker guarding calls to it.
                     * @enum {unknown}
                     */
                    breaker?: "closed" | "half-open" | "open";
                };
            };
        };
        Task: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            type: "avatar.process" | "profile.purge" | "profile.import";
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "dead";
            attempts: number;
            maxAttempts: number;
            /** Format: date-time */
            runAt: string;
            lastError: string | null;
            /** @description What the task produced: the renditions made, or for an import the counts created and failed, with each failed line and why. */
            result: unknown;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listProfiles: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                handlePrefix?: string;
                q?: string;
                ids?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page (of the list or of a search), or with ids a batch. */
            200: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfilePage"] | components["schemas"]["ProfileBatch"];
                };
            };
            /** @description Invalid query, or parameters that cannot be combined (see errors). */
            400: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down, or (a search) more searches than SEARCH_CONCURRENCY run and wait already; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createProfile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first response for 24 h; the same key with another body is refused (422). */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProfile"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    /** @description The version of the profile, for If-Match and If-None-Match. */
                    ETag?: string;
                    Location?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description Malformed JSON. */
            400: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Creating for another owner without being admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Handle, e-mail or owner already taken. */
            409: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large. */
            413: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not application/json. */
            415: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid members (see errors). */
            422: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag you hold: 304 when it is still current. */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile. */
            200: {
                headers: {
                    /** @description The version of the profile, for If-Match and If-None-Match. */
                    ETag?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile, or deleted. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteProfile: {
        parameters: {
            query?: never;
            header?: {
                /** @description When given, the ETag of the version you mean to delete (412 when stale). */
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the owner or an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is stale. */
            412: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateProfile: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the version you changed (412 when another change came first), or * for any. */
                "If-Match": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/merge-patch+json": components["schemas"]["ProfilePatch"];
                "application/json": components["schemas"]["ProfilePatch"];
            };
        };
        responses: {
            /** @description The changed profile. */
            200: {
                headers: {
                    /** @description The version of the profile, for If-Match and If-None-Match. */
                    ETag?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description Malformed JSON. */
            400: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the owner or an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Handle or e-mail taken. */
            409: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is stale. */
            412: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported media type. */
            415: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid members. */
            422: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match missing. */
            428: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    restoreProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The restored profile. */
            200: {
                headers: {
                    /** @description The version of the profile, for If-Match and If-None-Match. */
                    ETag?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the owner or an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The grace period is over. */
            409: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAvatar: {
        parameters: {
            query?: {
                size?: 64 | 256 | 512;
                /** @description The avatar version, as in the profile's avatar.url; versions are never reused. */
                v?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": string;
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown size, or a malformed version. */
            400: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No avatar shown, or not at that version. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/*": string;
                "multipart/form-data": {
                    /** Format: binary */
                    image: string;
                };
            };
        };
        responses: {
            /** @description Accepted; Location is the processing task. */
            202: {
                headers: {
                    Location?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the owner or an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than 5 MiB. */
            413: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a JPEG, PNG or WebP image. */
            415: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unreadable, or larger than 4096x4096 pixels. */
            422: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not the owner or an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such profile. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importProfiles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Accepted; Location is the import task. */
            202: {
                headers: {
                    Location?: string;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than IMPORT_MAX_BYTES. */
            413: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not application/x-ndjson. */
            415: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task. */
            200: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such task (or not yours). */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again. */
            202: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description No valid bearer token (see WWW-Authenticate). */
            401: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not an admin. */
            403: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such task. */
            404: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The task is not dead. */
            409: {
                headers: {
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests of this kind in the window: try again after Retry-After seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    /** @description Requests of this kind (reads, writes, uploads) allowed per window. */
                    "RateLimit-Limit"?: number;
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description The limit and its window, as `120;w=60`. */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A fault of ours: quote the requestId of the problem when you report it. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A critical dependency is down; see Retry-After. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready for traffic. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not ready. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description METRICS_TOKEN is set and was not sent. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description This document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    problemType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description As in a problem's type, such as validation-failed. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Its status, title and description. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        type: string;
                        status?: number | null;
                        title: string;
                        description: string;
                    };
                };
            };
            /** @description No such problem type. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    index: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The documents' paths. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        docs?: string;
                        openapi?: string;
                        asyncapi?: string;
                    };
                };
            };
            /** @description To /docs (Accept: text/html). */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    asyncapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The events' document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
