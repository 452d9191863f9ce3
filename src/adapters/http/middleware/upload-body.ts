// Reads an uploaded file: a raw body, or the named field of a multipart form, never more than
// `limitBytes` (413 beyond). The bytes land on ctx.state.upload; what they are is for the
// use case to decide from the bytes themselves. Multipart parts are kept in memory (they are
// bounded by the limit), so a refused form leaves no temporary file behind.
import { Writable } from 'node:stream';
import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import type { AppState } from '../context.js';
import { HttpProblem } from '../problem.js';
import { lazyKoaBody } from './lazy-koa-body.js';

export interface UploadOptions {
  readonly limitBytes: number;
  /** The multipart field that carries the file; without it a multipart body is read like any raw body. */
  readonly field?: string;
  /** Media types accepted for a raw body; any when absent. */
  readonly rawTypes?: readonly string[];
}

const tooLarge = (limitBytes: number) =>
  new HttpProblem('body_too_large', `The upload is larger than this endpoint accepts (${limitBytes} bytes).`);

/** The bytes of each multipart file part, by the file object formidable hands out. */
const partBytes = new WeakMap<object, Buffer[]>();

function inMemory(file: unknown): Writable {
  const chunks: Buffer[] = [];
  partBytes.set(file as object, chunks);
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
}

export function uploadBody(options: UploadOptions): Middleware<AppState> {
  const multipart =
    options.field === undefined
      ? undefined
      : lazyKoaBody({
          multipart: true,
          json: false,
          urlencoded: false,
          text: false,
          // formidable's own default is 200 MiB: the limit must be set here.
          formidable: {
            maxFileSize: options.limitBytes,
            maxTotalFileSize: options.limitBytes,
            maxFiles: 1,
            maxFields: 5,
            fileWriteStreamHandler: inMemory,
          },
        });
  return async (ctx, next) => {
    if (multipart && ctx.is('multipart/form-data')) {
      ctx.state.upload = await readMultipartField(ctx, multipart, options.field!, options.limitBytes);
    } else {
      if (options.rawTypes && !ctx.is(...options.rawTypes)) {
        throw new HttpProblem('unsupported_media_type', `Send the body as ${options.rawTypes.join(' or ')}.`);
      }
      try {
        ctx.state.upload = new Uint8Array(
          await getRawBody(ctx.req, { limit: options.limitBytes, length: ctx.get('Content-Length') || undefined }),
        );
      } catch (error) {
        if ((error as { status?: number }).status === 413) throw tooLarge(options.limitBytes);
        throw error;
      }
    }
    await next();
  };
}

async function readMultipartField(
  ctx: Parameters<Middleware<AppState>>[0],
  parse: Middleware,
  field: string,
  limitBytes: number,
): Promise<Uint8Array> {
  try {
    await parse(ctx, () => Promise.resolve());
  } catch (error) {
    const { httpCode, status } = error as { httpCode?: number; status?: number };
    if (httpCode === 413 || status === 413) throw tooLarge(limitBytes);
    throw new HttpProblem('malformed_body', 'The multipart body cannot be read (one file part, at most 5 fields).');
  }
  const file = (ctx.request.files ?? {})[field];
  const chunks = file === undefined || Array.isArray(file) ? undefined : partBytes.get(file);
  if (chunks === undefined) {
    throw new HttpProblem('validation_failed', `Send the image in the multipart field "${field}".`, {
      errors: [{ pointer: `/${field}`, message: 'is required' }],
    });
  }
  return new Uint8Array(Buffer.concat(chunks));
}
