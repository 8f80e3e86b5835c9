import { randomBytes } from 'crypto';

export type MultipartPart =
	| { name: string; value: string }
	| { name: string; data: Buffer; fileName: string; contentType?: string };

export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

function quote(value: string): string {
	return value.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}

/**
 * Encodes a multipart/form-data body into one Buffer. A Buffer (unlike a stream)
 * can be sent again by a retry, and needs no `form-data` runtime dependency.
 */
export function buildMultipart(parts: MultipartPart[]): MultipartBody {
	const boundary = `----n8nChatBoundary${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
		if ('data' in part) {
			head += `; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.contentType || 'application/octet-stream'}`;
		}
		chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'));
		chunks.push('data' in part ? part.data : Buffer.from(part.value, 'utf8'));
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
