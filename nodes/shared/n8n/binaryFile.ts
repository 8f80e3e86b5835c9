import type { IExecuteFunctions } from 'n8n-workflow';

import type { MultipartPart } from '../http/multipart';

/**
 * One binary property of an input item as a multipart file part: its bytes (from
 * n8n's binary data store), its file name (or `<fallback>.<extension>`) and MIME type.
 */
export async function binaryFilePart(
	this: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	fieldName: string,
	fallbackName = propertyName,
): Promise<Extract<MultipartPart, { data: Buffer }>> {
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return {
		name: fieldName,
		data,
		fileName: binary.fileName || `${fallbackName}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
		contentType: binary.mimeType || 'application/octet-stream',
	};
}
