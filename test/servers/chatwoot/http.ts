import type { IncomingMessage } from 'http';

export interface UploadedFile {
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface ParsedBody {
	body: unknown;
	files: UploadedFile[];
	contentType: string;
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Minimal multipart/form-data parser for the fake servers (fields and files). */
export function parseMultipart(raw: Buffer, contentType: string): { fields: Record<string, unknown>; files: UploadedFile[] } {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!boundary) throw new Error('multipart without boundary');
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const fields: Record<string, unknown> = {};
	const files: UploadedFile[] = [];
	let start = raw.indexOf(delimiter);
	while (start !== -1) {
		const next = raw.indexOf(delimiter, start + delimiter.length);
		if (next === -1) break;
		const part = raw.subarray(start + delimiter.length + 2, next - 2);
		start = next;
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd === -1) continue;
		const head = part.subarray(0, headerEnd).toString('utf8');
		const data = part.subarray(headerEnd + 4);
		const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
		const fileName = /filename="([^"]*)"/i.exec(head)?.[1];
		if (fileName !== undefined) {
			const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
			files.push({ field: name, fileName, contentType: type, data: Buffer.from(data) });
			const entry = { fileName, size: data.length };
			if (name.endsWith('[]')) fields[name] = [...((fields[name] as unknown[]) ?? []), entry];
			else fields[name] = entry;
		} else {
			const value = data.toString('utf8');
			if (name.endsWith('[]')) fields[name] = [...((fields[name] as unknown[]) ?? []), value];
			else fields[name] = value;
		}
	}
	return { fields, files };
}

export function parseBody(raw: Buffer, contentType: string): ParsedBody {
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (raw.length === 0) return { body: undefined, files: [], contentType: type };
	if (type === 'multipart/form-data') {
		const { fields, files } = parseMultipart(raw, contentType);
		return { body: fields, files, contentType: type };
	}
	if (type === 'application/json') return { body: JSON.parse(raw.toString('utf8')), files: [], contentType: type };
	if (type === 'application/x-www-form-urlencoded') {
		return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [], contentType: type };
	}
	return { body: raw.toString('utf8'), files: [], contentType: type };
}
