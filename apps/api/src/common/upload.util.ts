import type { FastifyRequest } from 'fastify';
import { fieldError } from './problem-details.filter';

/** The one file of a multipart request (field "file"), with the size limit turned into problem details. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  if (!req.isMultipart()) throw fieldError(415, 'file', 'send multipart/form-data with a "file" field');
  // A broken or truncated multipart body is the client's error, whichever step notices it.
  const broken = (err: { code?: string; message?: string }): never => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw fieldError(413, 'file', `must be at most ${maxBytes} bytes`);
    if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') throw fieldError(413, 'file', 'send one file and few fields');
    throw fieldError(400, 'file', `the multipart body is malformed or truncated (${err.message ?? 'unreadable'})`);
  };
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } }).catch(broken);
  if (!part || part.fieldname !== 'file') throw fieldError(400, 'file', 'is required (a multipart field named "file")');
  const content = await part.toBuffer().catch(broken);
  return { fileName: part.filename || 'file', contentType: part.mimetype, content };
}

/** The upload the idempotency interceptor already read (it keys uploads by their content), or read it now. */
export async function uploadOf(req: FastifyRequest, maxBytes: number): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  return (req as { upload?: Awaited<ReturnType<typeof readUpload>> }).upload ?? readUpload(req, maxBytes);
}
