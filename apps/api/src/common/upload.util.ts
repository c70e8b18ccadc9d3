import type { FastifyRequest } from 'fastify';
import { fieldError } from './problem-details.filter';

/** The one file of a multipart request (field "file"), with the size limit turned into problem details. */
export async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  if (!req.isMultipart()) throw fieldError(415, 'file', 'send multipart/form-data with a "file" field');
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw fieldError(400, 'file', 'is required');
  const content = await part.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw fieldError(413, 'file', `must be at most ${maxBytes} bytes`);
    throw err;
  });
  return { fileName: part.filename || 'file', contentType: part.mimetype, content };
}

/** The upload the idempotency interceptor already read (it keys uploads by their content), or read it now. */
export async function uploadOf(req: FastifyRequest, maxBytes: number): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  return (req as { upload?: Awaited<ReturnType<typeof readUpload>> }).upload ?? readUpload(req, maxBytes);
}
