import type { Readable } from 'stream';

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { requestTimeoutMs } from '../http/networkFailure';

export interface Downloaded {
	data: Buffer;
	/** From Content-Disposition, else the URL's last path segment; undefined when neither names one. */
	fileName?: string;
	mimeType?: string;
}

export interface DownloadOptions {
	url: string;
	/** Refuse (and stop reading) beyond this many bytes. */
	maxBytes: number;
	/** What is downloaded, for messages ("attachment 3"). */
	what: string;
	itemIndex: number;
}

function megabytes(bytes: number): string {
	return `${(bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1)} MB`;
}

export function tooLarge(context: IExecuteFunctions, what: string, bytes: number | undefined, maxBytes: number, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${what} is larger than the size limit of ${megabytes(maxBytes)}`, {
		itemIndex,
		description: `${bytes !== undefined ? `It is ${megabytes(bytes)}. ` : ''}Nothing was kept in memory. Raise "Max File Size" if the workflow should take files this large.`,
	});
}

/** `attachment; filename*=UTF-8''na%C3%AFve.pdf` or `filename="a.pdf"` → the name. */
export function fileNameOf(disposition: unknown, url: string): string | undefined {
	const header = typeof disposition === 'string' ? disposition : '';
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	try {
		if (extended) return decodeURIComponent(extended[1].trim());
		const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
		if (plain) return plain[1].trim();
		const last = new URL(url).pathname.split('/').pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * GETs a file with no credential at all (signed storage URLs need none, and a token must
 * never reach another host), following redirects, reading the body as a stream that is
 * cut off as soon as it passes `maxBytes`; a Content-Length over the limit is refused
 * before the body is read.
 */
export async function downloadFile(this: IExecuteFunctions, options: DownloadOptions): Promise<Downloaded> {
	const { url, maxBytes, what, itemIndex } = options;
	let response: { statusCode: number; headers: Record<string, unknown>; body: Readable };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: requestTimeoutMs({}),
		})) as typeof response;
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Could not download ${what}`, {
			itemIndex,
			description: `${new URL(url).origin} did not answer: ${(error as { code?: string }).code ?? (error as Error).message}.`,
		});
	}
	const { statusCode, headers, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		body.destroy?.();
		throw new NodeOperationError(this.getNode(), `Could not download ${what}: HTTP ${statusCode}`, {
			itemIndex,
			description: `${new URL(url).origin} answered ${statusCode}. A storage link that has expired or was deleted answers like this; read the message again for a fresh link.`,
		});
	}
	const declared = Number(headers['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		body.destroy?.();
		throw tooLarge(this, what, declared, maxBytes, itemIndex);
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		size += piece.length;
		if (size > maxBytes) {
			body.destroy();
			throw tooLarge(this, what, undefined, maxBytes, itemIndex);
		}
		chunks.push(piece);
	}
	const type = typeof headers['content-type'] === 'string' ? String(headers['content-type']).split(';')[0].trim() : undefined;
	return { data: Buffer.concat(chunks), fileName: fileNameOf(headers['content-disposition'], url), mimeType: type || undefined };
}
